import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { temporalBinary } from '../../src/embedded/temporal-binaries';

export const WORKFLOW_BUNDLE = resolve(__dirname, '../.bundle/workflows.js');

/** Bundles the workflow code once for every test file (bundling per file would cost seconds each). */
export default async function globalSetup(): Promise<void> {
  temporalBinary('cli');
  temporalBinary('test-server');
  const { code } = await bundleWorkflowCode({
    workflowsPath: resolve(__dirname, '../../src/workflows/index.ts'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
  });
  await mkdir(resolve(__dirname, '../.bundle'), { recursive: true });
  await writeFile(WORKFLOW_BUNDLE, code);
}
