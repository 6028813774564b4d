import { setUpTool } from '../process/set-up-tool';

/**
 * The trivy the gate runs: an explicit path (GANTRY_TRIVY), else the one scripts/build-trivy.sh put in the
 * project's .tools/bin, else trivy on PATH. A missing one is named with the fix when the scan runs.
 */
export function trivyBinary(explicit: string | undefined): string {
  return setUpTool('trivy', explicit);
}
