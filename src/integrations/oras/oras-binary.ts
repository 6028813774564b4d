import { setUpTool } from '../process/set-up-tool';

/**
 * The oras CLI the package store runs: an explicit path, else the one scripts/build-oras.sh put in
 * the project's .tools/bin, else oras on PATH. A missing one is named with the fix when a package is pushed.
 */
export function orasBinary(explicit?: string): string {
  return setUpTool('oras', explicit);
}
