// Workflow code for the window-opening bench: the release bench's bundle plus a bare workflow parked on a timer.
import { sleep } from '@temporalio/workflow';
import { quick } from '../src/workflows/activity-proxies';

export * from './bench-workflows';

interface NoopActivities {
  benchNoop(step: number): Promise<void>;
}
const noop = quick as unknown as NoopActivities;

/**
 * The baseline for a window opening: `before` no-op activities (a release plans and announces before parking),
 * one durable timer to `openAtMs` shared by all, then `after` no-op activities (what a release does once open).
 */
export async function parkedBareWorkflow(openAtMs: number, before: number, after: number): Promise<number> {
  for (let i = 0; i < before; i++) await noop.benchNoop(i);
  await sleep(Math.max(1, openAtMs - Date.now()));
  for (let i = 0; i < after; i++) await noop.benchNoop(before + i);
  return before + after;
}
