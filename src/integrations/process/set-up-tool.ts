import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project's .tools/bin, where set-up puts what it builds; found from this file from src/ (ts) or dist/ (js). */
export function projectToolsBin(): string | undefined {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const bin = join(dir, '.tools', 'bin');
    if (existsSync(join(dir, 'package.json')) && existsSync(bin)) return bin;
  }
  return undefined;
}

/**
 * A tool the project's set-up (scripts/setup.sh on `npm install`) builds into .tools/bin, cached per machine: an
 * explicit path, else that build, else the tool on PATH. When there is none, a name that says the fix, which is
 * what the first run of it then reports.
 */
export function setUpTool(name: string, explicit: string | undefined): string {
  if (explicit) return explicit;
  const bin = projectToolsBin();
  if (bin && existsSync(join(bin, name))) return join(bin, name);
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    return `${name} (not built: run "npm install", which builds it into .tools/bin)`;
  }
}
