import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { mergeTestSummaries, parseJUnitXml } from '../../src/integrations/reports/junit';
import { globToRegExp, readTestReports } from '../../src/integrations/reports/read-reports';

const surefire = `<?xml version="1.0" encoding="UTF-8"?>
<testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report-3.0.xsd" version="3.0" name="com.example.payments.LedgerTest" time="1.234" tests="5" errors="1" skipped="1" failures="1">
  <properties>
    <property name="java.version" value="21.0.2"/>
    <property name="user.dir" value="/work/payments"/>
  </properties>
  <testcase name="postsDebit" classname="com.example.payments.LedgerTest" time="0.012"/>
  <testcase name="postsCredit" classname="com.example.payments.LedgerTest" time="0.003"/>
  <testcase name="rejectsOverdraft" classname="com.example.payments.LedgerTest" time="0.041">
    <failure message="expected: &lt;100&gt; but was: &lt;90&gt;" type="org.opentest4j.AssertionFailedError"><![CDATA[org.opentest4j.AssertionFailedError: expected: <100> but was: <90>
	at org.junit.jupiter.api.AssertionFailureBuilder.build(AssertionFailureBuilder.java:151)
	at com.example.payments.LedgerTest.rejectsOverdraft(LedgerTest.java:42)
]]></failure>
    <system-out><![CDATA[posting 100 to account 7
]]></system-out>
  </testcase>
  <testcase name="closesPeriod" classname="com.example.payments.LedgerTest" time="0.001">
    <error message="Connection refused" type="java.net.ConnectException"><![CDATA[java.net.ConnectException: Connection refused
	at java.base/sun.nio.ch.Net.connect0(Native Method)
]]></error>
  </testcase>
  <testcase name="migratesLegacy" classname="com.example.payments.LedgerTest" time="0">
    <skipped message="public void com.example.payments.LedgerTest.migratesLegacy() is @Disabled"/>
  </testcase>
</testsuite>
`;

const goJunitReport = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="4" failures="1" errors="0" skipped="1">
	<testsuite name="example.com/inventory/store" tests="3" failures="1" errors="0" id="0" hostname="ci-7" skipped="1" time="0.015" timestamp="2024-05-02T10:11:12Z">
		<properties>
			<property name="go.version" value="go1.22.3 linux/amd64"></property>
		</properties>
		<testcase name="TestReserve" classname="example.com/inventory/store" time="0.001"></testcase>
		<testcase name="TestRelease" classname="example.com/inventory/store" time="0.002">
			<failure message="Failed"><![CDATA[    store_test.go:41: release: got 3 items, want 2
    store_test.go:42: second line]]></failure>
		</testcase>
		<testcase name="TestPostgres" classname="example.com/inventory/store" time="0.000">
			<skipped message="Skipped"><![CDATA[    store_test.go:60: no database in CI]]></skipped>
		</testcase>
	</testsuite>
	<testsuite name="example.com/inventory/api" tests="1" failures="0" errors="0" id="1" hostname="ci-7" skipped="0" time="0.120" timestamp="2024-05-02T10:11:12Z">
		<testcase name="TestHealth" classname="example.com/inventory/api" time="0.100"></testcase>
	</testsuite>
</testsuites>
`;

const nodeReporter = `<?xml version="1.0" encoding="utf-8"?>
<testsuites>
	<testsuite name="cart" time="0.004" disabled="0" errors="0" tests="3" failures="1" skipped="1" hostname="ci-7">
		<testcase name="adds an item" time="0.000512" classname="test"/>
		<testsuite name="totals" time="0.002" disabled="0" errors="0" tests="1" failures="1" skipped="0" hostname="ci-7">
			<testcase name="applies the discount" time="0.001" classname="test" failure="Expected values to be strictly equal:&#10;&#10;90 !== 80&#10;">
				<failure type="testCodeFailure" message="Expected values to be strictly equal:&#10;&#10;90 !== 80&#10;">
[Error [ERR_TEST_FAILURE]: Expected values to be strictly equal:

90 !== 80
] {
  code: 'ERR_TEST_FAILURE',
  failureType: 'testCodeFailure'
}
				</failure>
			</testcase>
		</testsuite>
		<testcase name="persists" time="0.0001" classname="test">
			<skipped type="todo" message="not yet"/>
		</testcase>
	</testsuite>
	<testcase name="top-level check" time="0.0003" classname="test"/>
	<!-- tests 4 -->
	<!-- suites 2 -->
	<!-- pass 2 -->
	<!-- fail 1 -->
	<!-- duration_ms 51.2 -->
</testsuites>
`;

test('a Surefire report counts failures, errors and skipped tests from its testcases', () => {
  const summary = parseJUnitXml(surefire);

  expect(summary).toMatchObject({ total: 5, passed: 2, failed: 1, errors: 1, skipped: 1, durationMs: 1234 });
  expect(summary.failures).toEqual([
    {
      name: 'rejectsOverdraft',
      className: 'com.example.payments.LedgerTest',
      message: 'expected: <100> but was: <90>',
    },
    { name: 'closesPeriod', className: 'com.example.payments.LedgerTest', message: 'Connection refused' },
  ]);
});

test('a go-junit-report report sums its packages and explains failures from the output', () => {
  const summary = parseJUnitXml(goJunitReport);

  expect(summary).toMatchObject({ total: 4, passed: 2, failed: 1, errors: 0, skipped: 1, durationMs: 135 });
  expect(summary.failures).toEqual([
    {
      name: 'TestRelease',
      className: 'example.com/inventory/store',
      message: 'store_test.go:41: release: got 3 items, want 2',
    },
  ]);
});

test("Node's junit reporter: nested suites and top-level testcases all count", () => {
  const summary = parseJUnitXml(nodeReporter);

  expect(summary).toMatchObject({ total: 4, passed: 2, failed: 1, errors: 0, skipped: 1 });
  expect(summary.durationMs).toBe(4);
  expect(summary.failures).toHaveLength(1);
  expect(summary.failures[0]?.name).toBe('applies the discount');
  expect(summary.failures[0]?.message).toMatch(/^Expected values to be strictly equal:/);
});

test('a failure without a message attribute uses the first line of its body, trimmed to 500 characters', () => {
  const long = 'y'.repeat(800);
  const summary = parseJUnitXml(`<testsuite name="s">
    <testcase name="a"><failure>
      boom: the first line
      second line</failure></testcase>
    <testcase name="b"><failure>${long}</failure></testcase>
    <testcase name="c"><error/></testcase>
  </testsuite>`);

  expect(summary.failures.map((failure) => failure.message.length <= 500)).toEqual([true, true, true]);
  expect(summary.failures[0]).toEqual({ name: 'a', message: 'boom: the first line' });
  expect(summary.failures[1]?.message.startsWith('yyyy')).toBe(true);
  expect(summary.failures[2]?.message).toBe('error');
  expect(summary).toMatchObject({ total: 3, failed: 2, errors: 1, passed: 0 });
});

test('only the first 20 failures are kept, but all are counted', () => {
  const cases = Array.from({ length: 30 }, (_, i) => `<testcase name="t${i}"><failure message="m${i}"/></testcase>`);
  const summary = parseJUnitXml(`<testsuites><testsuite name="s">${cases.join('')}</testsuite></testsuites>`);

  expect(summary.failed).toBe(30);
  expect(summary.failures).toHaveLength(20);
  expect(summary.failures[19]?.message).toBe('m19');
});

test('a suite without testcases falls back to its attributes', () => {
  const summary = parseJUnitXml(
    '<testsuites><testsuite name="example.com/broken" tests="1" failures="0" errors="1" skipped="0" time="0"></testsuite></testsuites>',
  );

  expect(summary).toMatchObject({ total: 1, errors: 1, passed: 0 });
});

test('malformed XML and other documents are rejected with a clear message', () => {
  expect(() => parseJUnitXml('<testsuite><testcase></testsuite>')).toThrow(/invalid JUnit XML/);
  expect(() => parseJUnitXml('<coverage line-rate="1"/>')).toThrow(/not a JUnit XML report.*<coverage>/);
  expect(() => parseJUnitXml('')).toThrow(/JUnit/);
});

test('merging adds the counts and keeps at most 20 failures', () => {
  const merged = mergeTestSummaries([parseJUnitXml(surefire), parseJUnitXml(goJunitReport), parseJUnitXml(surefire)]);

  expect(merged).toMatchObject({ total: 14, passed: 6, failed: 3, errors: 2, skipped: 3, durationMs: 2603 });
  expect(merged.failures).toHaveLength(5);
  expect(mergeTestSummaries([])).toEqual({
    total: 0,
    passed: 0,
    failed: 0,
    errors: 0,
    skipped: 0,
    durationMs: 0,
    failures: [],
  });
});

describe('reading reports from a workspace', () => {
  let workspace: string;

  beforeEach(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'gantry-reports-'));
  });

  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  async function put(path: string, content: string): Promise<void> {
    await mkdir(dirname(join(workspace, path)), { recursive: true });
    await writeFile(join(workspace, path), content);
  }

  test('every Surefire report matching the glob is merged', async () => {
    await put('target/surefire-reports/TEST-com.example.A.xml', surefire);
    await put('target/surefire-reports/TEST-com.example.B.xml', surefire);
    await put('target/surefire-reports/com.example.A.txt', 'not xml');

    const summary = await readTestReports(workspace, 'target/surefire-reports/TEST-*.xml');
    expect(summary).toMatchObject({ total: 10, failed: 2 });
  });

  test('** matches reports at any depth, including none', async () => {
    await put('reports/report.xml', goJunitReport);
    await put('reports/unit/node/report.xml', nodeReporter);

    const summary = await readTestReports(workspace, 'reports/**/*.xml');
    expect(summary.total).toBe(8);
  });

  test('no matching file is an error naming the glob', async () => {
    await put('report.json', '{}');

    await expect(readTestReports(workspace, 'report.xml')).rejects.toThrow(
      'no test report matched report.xml in the workspace',
    );
  });

  test('a broken report names the file', async () => {
    await put('report.xml', '<testsuite>');

    await expect(readTestReports(workspace, 'report.xml')).rejects.toThrow(/^report\.xml: invalid JUnit XML/);
  });

  test('paths outside the workspace are refused', async () => {
    await expect(readTestReports(workspace, '../*.xml')).rejects.toThrow(/relative to the workspace/);
  });

  test('glob patterns follow the usual rules', () => {
    expect(globToRegExp('a/**/b.xml').test('a/b.xml')).toBe(true);
    expect(globToRegExp('a/**/b.xml').test('a/x/y/b.xml')).toBe(true);
    expect(globToRegExp('a/*.xml').test('a/x/b.xml')).toBe(false);
    expect(globToRegExp('TEST-?.xml').test('TEST-1.xml')).toBe(true);
    expect(globToRegExp('TEST-?.xml').test('TEST-10.xml')).toBe(false);
    expect(globToRegExp('a.b(c).xml').test('a.b(c).xml')).toBe(true);
    expect(globToRegExp('a.xml').test('aXxml')).toBe(false);
  });
});
