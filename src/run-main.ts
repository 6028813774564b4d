import { ConfigError } from './config/load-catalog';

/** Runs a process entry point: invalid configuration prints its problem list alone, anything else its stack. */
export function runMain(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err))}\n`);
    process.exit(1);
  });
}
