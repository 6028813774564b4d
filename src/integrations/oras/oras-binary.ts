import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The oras CLI the package store runs: an explicit path (GANTRY_ORAS), else the one scripts/build-oras.sh put in
 * the project's .tools/bin, else oras on PATH. A missing one is named with the fix when a package is pushed.
 */
export function orasBinary(explicit?: string): string {
  if (explicit) return explicit;
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, '.tools', 'bin', 'oras');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v oras'], { encoding: 'utf8' }).trim();
  } catch {
    return 'oras (not built: run "npm install", which builds it into .tools/bin)';
  }
}
