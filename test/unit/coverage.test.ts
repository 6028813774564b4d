import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCoverage } from '../../src/integrations/reports/coverage';
import { readCoverage } from '../../src/integrations/reports/read-reports';

const lcov = `TN:
SF:/work/web/src/cart.ts
FN:3,addItem
FNDA:4,addItem
FNF:1
FNH:1
DA:3,4
DA:4,4
DA:7,0
LF:3
LH:2
BRF:0
BRH:0
end_of_record
TN:
SF:/work/web/src/price.ts
DA:1,1
DA:2,1
DA:3,1
DA:4,0
DA:5,1
LF:5
LH:4
end_of_record
`;

const cobertura = `<?xml version="1.0" ?>
<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">
<coverage lines-valid="200" lines-covered="157" line-rate="0.785" branches-valid="40" branches-covered="30" branch-rate="0.75" timestamp="1714640000000" complexity="0" version="7.4.4">
	<sources>
		<source>/work/api/src</source>
	</sources>
	<packages>
		<package name="api" line-rate="0.5" branch-rate="0.5" complexity="0">
			<classes>
				<class name="app.py" filename="api/app.py" complexity="0" line-rate="0.5" branch-rate="0.5">
					<methods/>
					<lines>
						<line number="1" hits="1"/>
						<line number="2" hits="0"/>
					</lines>
				</class>
			</classes>
		</package>
	</packages>
</coverage>
`;

const jacoco = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd"><report name="payments"><sessioninfo id="ci-7-1a2b" start="1714640000000" dump="1714640012000"/><package name="com/example/payments"><class name="com/example/payments/Ledger" sourcefilename="Ledger.java"><method name="post" desc="(I)V" line="12"><counter type="INSTRUCTION" missed="3" covered="20"/><counter type="LINE" missed="1" covered="5"/></method><counter type="INSTRUCTION" missed="3" covered="20"/><counter type="LINE" missed="1" covered="5"/><counter type="CLASS" missed="0" covered="1"/></class><sourcefile name="Ledger.java"><line nr="12" mi="0" ci="4" mb="0" cb="0"/><counter type="LINE" missed="1" covered="5"/></sourcefile><counter type="LINE" missed="1" covered="5"/></package><counter type="INSTRUCTION" missed="40" covered="160"/><counter type="BRANCH" missed="4" covered="12"/><counter type="LINE" missed="30" covered="90"/><counter type="COMPLEXITY" missed="6" covered="20"/><counter type="METHOD" missed="2" covered="18"/><counter type="CLASS" missed="0" covered="4"/></report>`;

const goProfile = `mode: set
example.com/inventory/store/store.go:12.45,14.16 2 1
example.com/inventory/store/store.go:14.16,16.3 1 0
example.com/inventory/store/store.go:17.2,17.15 1 1
example.com/inventory/api/api.go:8.30,11.2 3 0
`;

const goFunc = `example.com/inventory/store/store.go:12:	Reserve		100.0%
example.com/inventory/store/store.go:20:	Release		66.7%
example.com/inventory/api/api.go:8:	Health		0.0%
total:					(statements)	71.4%
`;

test('lcov coverage is the sum of hit lines over the sum of found lines', () => {
  expect(parseCoverage(lcov, 'lcov')).toBeCloseTo(6 / 8);
});

test('lcov records without LF/LH are counted from their DA lines', () => {
  expect(parseCoverage('SF:a.js\nDA:1,1\nDA:2,0\nend_of_record\n', 'lcov')).toBeCloseTo(0.5);
});

test('Cobertura coverage is the line-rate of the root element', () => {
  expect(parseCoverage(cobertura, 'cobertura')).toBeCloseTo(0.785);
  expect(parseCoverage('<coverage lines-valid="4" lines-covered="1"></coverage>', 'cobertura')).toBeCloseTo(0.25);
});

test('JaCoCo coverage comes from the report-level LINE counter, not the nested ones', () => {
  expect(parseCoverage(jacoco, 'jacoco')).toBeCloseTo(90 / 120);
});

test('a Go coverprofile gives covered statements over all statements', () => {
  expect(parseCoverage(goProfile, 'go')).toBeCloseTo(3 / 7);
});

test('a Go block repeated by several test binaries counts once, covered if any covered it', () => {
  const merged = `${goProfile}mode: set\nexample.com/inventory/api/api.go:8.30,11.2 3 1\n`;
  expect(parseCoverage(merged, 'go')).toBeCloseTo(6 / 7);
});

test('go tool cover -func output gives its total percentage', () => {
  expect(parseCoverage(goFunc, 'go')).toBeCloseTo(0.714);
});

// PHPUnit 9.6 --coverage-clover (pcov): per-file <metrics> first, the project totals last.
const clover = `<?xml version="1.0" encoding="UTF-8"?>
<coverage generated="1796210331">
  <project timestamp="1796210331">
    <file name="/work/hello-php/src/App.php">
      <class name="Hello\\App" namespace="Hello">
        <metrics complexity="6" methods="2" coveredmethods="2" conditionals="0" coveredconditionals="0" statements="10" coveredstatements="10" elements="12" coveredelements="12"/>
      </class>
      <line num="22" type="stmt" count="5"/>
      <metrics loc="35" ncloc="31" classes="1" methods="2" coveredmethods="2" conditionals="0" coveredconditionals="0" statements="10" coveredstatements="10" elements="12" coveredelements="12"/>
    </file>
    <file name="/work/hello-php/src/Settings.php">
      <metrics loc="33" ncloc="31" classes="1" methods="3" coveredmethods="2" conditionals="0" coveredconditionals="0" statements="8" coveredstatements="5" elements="11" coveredelements="7"/>
    </file>
    <metrics files="2" loc="68" ncloc="62" classes="2" methods="5" coveredmethods="4" conditionals="0" coveredconditionals="0" statements="18" coveredstatements="15" elements="23" coveredelements="19"/>
  </project>
</coverage>
`;

test('Clover coverage is covered statements over statements of the project totals, not of a file', () => {
  expect(parseCoverage(clover, 'clover')).toBeCloseTo(15 / 18);
  expect(() => parseCoverage(cobertura, 'clover')).toThrow(/not a Clover report/);
  expect(() => parseCoverage('<coverage><project timestamp="1"></project></coverage>', 'clover')).toThrow(
    /no project-level <metrics>/,
  );
});

test('a report that measured nothing counts as no coverage', () => {
  expect(parseCoverage('mode: atomic\n', 'go')).toBe(0);
  expect(parseCoverage('SF:a.js\nLF:0\nLH:0\nend_of_record\n', 'lcov')).toBe(0);
});

test('unreadable input fails with a message naming the format', () => {
  expect(() => parseCoverage('<html>oops</html>', 'lcov')).toThrow(/not an lcov report/);
  expect(() => parseCoverage('SF:a\nLF:many\nend_of_record', 'lcov')).toThrow(/lcov LF: "many" is not a count/);
  expect(() => parseCoverage('<coverage line-rate="1.7"/>', 'cobertura')).toThrow(/between 0 and 1/);
  expect(() => parseCoverage('<coverage><packages>', 'cobertura')).toThrow(/invalid cobertura XML/);
  expect(() => parseCoverage('<report name="x"></report>', 'jacoco')).toThrow(/no report-level <counter type="LINE">/);
  expect(() => parseCoverage(cobertura, 'jacoco')).toThrow(/not a JaCoCo report/);
  expect(() => parseCoverage('ok  example.com/x 0.01s', 'go')).toThrow(/Go coverage/);
  expect(() => parseCoverage('mode: set\ngarbage here\n', 'go')).toThrow(/line 2: cannot read "garbage here"/);
});

describe('reading coverage from a workspace', () => {
  let workspace: string;

  beforeEach(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'gantry-coverage-'));
  });

  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  test('the report at the configured path is parsed in its format', async () => {
    await mkdir(join(workspace, 'target/site/jacoco'), { recursive: true });
    await writeFile(join(workspace, 'target/site/jacoco/jacoco.xml'), jacoco);

    await expect(
      readCoverage(workspace, { path: 'target/site/jacoco/jacoco.xml', format: 'jacoco' }),
    ).resolves.toBeCloseTo(0.75);
  });

  test('a missing report and a broken one are errors naming the path', async () => {
    await writeFile(join(workspace, 'coverage.out'), 'nonsense');

    await expect(readCoverage(workspace, { path: 'lcov.info', format: 'lcov' })).rejects.toThrow(
      'coverage report lcov.info not found in the workspace',
    );
    await expect(readCoverage(workspace, { path: 'coverage.out', format: 'go' })).rejects.toThrow(/^coverage\.out: Go/);
  });
});
