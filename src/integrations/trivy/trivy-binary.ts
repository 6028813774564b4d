import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The trivy the gate runs: an explicit path (GANTRY_TRIVY), else the one scripts/build-trivy.sh put in the
 * project's .tools/bin, else trivy on PATH. A missing one is named with the fix when the scan runs.
 */
export function trivyBinary(explicit: string | undefined): string {
  if (explicit) return explicit;
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, '.tools', 'bin', 'trivy');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v trivy'], { encoding: 'utf8' }).trim();
  } catch {
    return 'trivy (not built: run "npm install", which builds it into .tools/bin)';
  }
}
