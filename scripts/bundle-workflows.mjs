// Bundles the workflow code ahead of time (the Docker image does this at build time), so a worker starts without
// webpack and every replica runs byte-identical workflow code. The worker loads the file given by
// GANTRY_WORKFLOW_BUNDLE through createGantryWorker's workflowBundlePath.
//
//   node scripts/bundle-workflows.mjs [workflows entry] [output file]
//   defaults: dist/src/workflows/index.js → dist/workflow-bundle.js (run `npm run build` first)
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import worker from '@temporalio/worker';

const [entry = 'dist/src/workflows/index.js', output = 'dist/workflow-bundle.js'] = process.argv.slice(2);
const started = Date.now();
const { code } = await worker.bundleWorkflowCode({
  workflowsPath: resolve(entry),
  // Only problems: the bundler's progress lines are noise in a Docker build log.
  logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error },
});
await mkdir(dirname(resolve(output)), { recursive: true });
await writeFile(resolve(output), code);
console.log(`workflow bundle: ${output} (${Math.round(code.length / 1024)} KiB, ${Date.now() - started} ms)`);
