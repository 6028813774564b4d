/**
 * `node dist/bench/bundle.js <out.js>`: bundles the benchmark's workflow code (Gantry's workflows plus the bare
 * baseline) into one file. The benchmark runs this as a child process so webpack's memory stays out of the
 * worker's RSS.
 */
import { writeFileSync } from 'node:fs';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: node dist/bench/bundle.js <out.js>');
  const { code } = await bundleWorkflowCode({
    // A second argument names another entry (e.g. ./window-bench-workflows for the window-opening bench).
    workflowsPath: require.resolve(process.argv[3] ?? './bench-workflows'),
    logger: new DefaultLogger('WARN'),
  });
  writeFileSync(out, code);
}

main().catch((err: Error) => {
  process.stderr.write(`bundling failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
