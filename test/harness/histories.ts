import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';

export const HISTORY_FIXTURES = resolve(__dirname, '../fixtures/histories');
const WORKFLOW_BUNDLE = resolve(__dirname, '../.bundle/workflows.js');

// Binary protobuf: the JSON helpers of the SDK trip over jest's module isolation ("type must be a Type").
const { History } = temporal.api.history.v1;

/**
 * Fetches every history a test produced on its task queue. With GANTRY_RECORD_HISTORIES=1 they are written to
 * test/fixtures/histories, where the replay test keeps checking them against later code.
 */
export async function collectHistories(env: TestWorkflowEnvironment, taskQueue: string, name: string) {
  const histories = [];
  for await (const wf of env.client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
    const history = await env.client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    histories.push({ workflowId: `${name}-${histories.length}`, history });
  }
  if (process.env.GANTRY_RECORD_HISTORIES === '1') {
    await mkdir(HISTORY_FIXTURES, { recursive: true });
    for (const h of histories)
      await writeFile(join(HISTORY_FIXTURES, `${h.workflowId}.pb`), History.encode(h.history).finish());
  }
  return histories;
}

export async function loadHistoryFixtures() {
  const files = (await readdir(HISTORY_FIXTURES)).filter((f) => f.endsWith('.pb')).sort();
  return Promise.all(
    files.map(async (f) => ({
      workflowId: f.replace(/\.pb$/, ''),
      history: History.decode(await readFile(join(HISTORY_FIXTURES, f))),
    })),
  );
}

/** Replays histories against the current workflow code; returns the ids that failed with their errors. */
export async function replayAll(histories: { workflowId: string; history: unknown }[]): Promise<string[]> {
  const failures: string[] = [];
  const results = Worker.runReplayHistories({ workflowBundle: { codePath: WORKFLOW_BUNDLE } }, histories as never);
  for await (const result of results) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  return failures;
}
