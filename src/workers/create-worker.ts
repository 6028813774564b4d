import type { NativeConnection } from '@temporalio/worker';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';

export interface GantryWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  maxConcurrentActivityTaskExecutions?: number;
  /** Pre-bundled workflow code (production images bundle ahead of time); otherwise bundled at start. */
  workflowBundlePath?: string;
  /** Workflows kept in memory (see WORKFLOW_CACHE); benches vary it. */
  maxCachedWorkflows?: number;
}

/**
 * Workflow cache size. A cached workflow costs 245–320 KiB (the SDK's sandbox; Gantry's own state is small), so
 * 1,000 is at most ~320 MiB; an evicted one is replayed from history on its next task, which is cheap for
 * Gantry's short histories. The SDK's default grows with the heap limit instead, i.e. with the machine, not with
 * what we measured (issue 12: 2,000 parked releases took 881 MiB).
 */
export const WORKFLOW_CACHE = 1_000;

/**
 * Poller and sticky-queue settings, chosen from the window-opening measurements in issue 12: when a window opens,
 * many timers fire at once and each woken task goes to its worker's sticky queue.
 * - stickyQueueScheduleToStartTimeout 20 s (SDK default 10 s): with 10 s most woken tasks timed out on the
 *   sticky queue (799 of 1,000 releases), were moved to the normal queue and replayed from scratch there, waiting
 *   58–134 s. A longer timeout alone took 2,000 parked releases from 175 to all past the gate within 60 s. The
 *   price: tasks on the sticky queue of a worker that crashed wait out the timeout before another worker takes them
 *   (a graceful stop hands them over). 20 s rather than 60 s (bench/README.md, 2 Dec 2026): 1,000 releases at a
 *   window opening all passed the gate in 18.6 s (p50 10.2 s), no sticky timeouts in 50 sampled histories; the
 *   fault suite's p50 with faults went from 3.06× to 1.68× its baseline (14 tasks waited 20 s, not 21 waiting 60 s).
 * - 16 workflow task pollers, half of them on the normal queue (SDK: 10, 2 of them normal): tasks of evicted or
 *   new workflows, and every task after a sticky timeout, arrive on the normal queue, which 2 pollers starved.
 */
export const WORKFLOW_TASK_TUNING = {
  stickyQueueScheduleToStartTimeout: '20s',
  maxConcurrentWorkflowTaskPolls: 16,
  nonStickyToStickyPollRatio: 0.5,
} as const;

export async function createGantryWorker(opts: GantryWorkerOptions): Promise<Worker> {
  const workflows: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = opts.workflowBundlePath
    ? { workflowBundle: { codePath: opts.workflowBundlePath } }
    : { workflowsPath: require.resolve('../workflows') };
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: createActivities(opts.deps),
    maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivityTaskExecutions,
    ...WORKFLOW_TASK_TUNING,
    maxCachedWorkflows: opts.maxCachedWorkflows ?? WORKFLOW_CACHE,
    // Long steps heartbeat; give them time to see the cancellation and clean up on shutdown.
    shutdownGraceTime: '20s',
    ...workflows,
  });
}
