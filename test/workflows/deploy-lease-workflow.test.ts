import { resolve } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createLeaseActivities } from '../../src/activities/lease-activities';
import { leaseStateQuery, leaseWorkflowId } from '../../src/workflows/deploy-lease-messages';
import type { LeaseHolderInput, LeaseHolderResult, leaseHolderWorkflow } from '../harness/lease-holder-workflow';
import { startDevServer, uniqueTaskQueue } from '../harness/temporal-env';
import { waitFor } from '../harness/wait-for';

const WORKFLOWS = resolve(__dirname, '../harness/lease-holder-workflow.ts');

let env: TestWorkflowEnvironment;
let bundle: { code: string };

/** Who is in flight right now, the most ever at once, and the order they entered. */
function inFlightTracker() {
  const now = new Set<string>();
  const entered: string[] = [];
  let most = 0;
  return {
    entered,
    most: () => most,
    activities: {
      async enterSlot(id: string) {
        now.add(id);
        entered.push(id);
        most = Math.max(most, now.size);
      },
      async leaveSlot(id: string) {
        now.delete(id);
      },
    },
  };
}

async function startWorker(taskQueue: string, tracker: ReturnType<typeof inFlightTracker>): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: bundle,
    activities: { ...createLeaseActivities(), ...tracker.activities },
  });
}

beforeAll(async () => {
  env = await startDevServer();
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  bundle = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
  });
}, 120_000);

afterAll(async () => {
  await env?.teardown();
});

describe('deploy leases for one environment', () => {
  it('never has more than maxParallel in flight, serves 30 holders in arrival order, and survives a worker dying', async () => {
    const taskQueue = uniqueTaskQueue('lease fairness');
    const key = `prod-${taskQueue}`;
    const tracker = inFlightTracker();
    let worker = await startWorker(taskQueue, tracker);
    let running = worker.run();
    // A low history limit makes the lessor continue-as-new several times during the run.
    const input = (i: number): LeaseHolderInput => ({
      key,
      maxParallel: 5,
      holdMs: 800 + (i % 3) * 100,
      lessor: { historyLimit: 150, livenessCheckMs: 60_000 },
    });
    const handles: WorkflowHandle<typeof leaseHolderWorkflow>[] = [];
    const lessor = () => env.client.workflow.getHandle(leaseWorkflowId(key));
    for (let i = 0; i < 30; i++) {
      handles.push(
        await env.client.workflow.start<typeof leaseHolderWorkflow>('leaseHolderWorkflow', {
          taskQueue,
          workflowId: `${key}/holder-${String(i).padStart(2, '0')}`,
          args: [input(i)],
        }),
      );
      // Arrival order is the order the lessor receives the requests: let each arrive before the next starts.
      await waitFor(`holder ${i}'s request at the lessor`, async () => {
        const s = await lessor().query(leaseStateQuery);
        return s.granted + s.queue.length >= i + 1 ? true : undefined;
      });
      if (i === 15) {
        // A worker dies with leases held and a queue waiting: a new one takes over, nothing is lost.
        worker.shutdown();
        await running;
        worker = await startWorker(taskQueue, tracker);
        running = worker.run();
      }
    }
    const results: LeaseHolderResult[] = await Promise.all(handles.map((h) => h.result()));
    worker.shutdown();
    await running;

    expect(tracker.most()).toBeLessThanOrEqual(5);
    expect(tracker.most()).toBe(5);
    expect(results.map((r) => r.grantNo)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // The first five got a slot at once; a later one that had to wait heard how many were ahead of it.
    expect(results.slice(0, 5).map((r) => r.ahead)).toEqual([null, null, null, null, null]);
    const queued = results.flatMap((r, i) => (r.ahead === null ? [] : [{ i, ahead: r.ahead }]));
    expect(queued.length).toBeGreaterThanOrEqual(5);
    for (const { i, ahead } of queued) expect(ahead).toBeLessThanOrEqual(i - 5);
    // The lessor continued as new (history kept short) without losing or reordering anyone.
    const history = await lessor().fetchHistory();
    expect(history.events?.length ?? 0).toBeLessThan(400);
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    expect(started?.continuedExecutionRunId).toBeTruthy();
  });

  it('frees the slot of a holder that died without releasing it', async () => {
    const taskQueue = uniqueTaskQueue('lease reclaim');
    const key = `prod-${taskQueue}`;
    const tracker = inFlightTracker();
    const worker = await startWorker(taskQueue, tracker);
    await worker.runUntil(async () => {
      const lessorSettings = { livenessCheckMs: 500 };
      const dying = await env.client.workflow.start<typeof leaseHolderWorkflow>('leaseHolderWorkflow', {
        taskQueue,
        workflowId: `${key}/dying`,
        args: [{ key, maxParallel: 1, holdMs: 3_600_000, lessor: lessorSettings }],
      });
      await waitFor('the first holder in flight', async () => (tracker.entered.length === 1 ? true : undefined));
      const next = await env.client.workflow.start<typeof leaseHolderWorkflow>('leaseHolderWorkflow', {
        taskQueue,
        workflowId: `${key}/next`,
        args: [{ key, maxParallel: 1, holdMs: 10, lessor: lessorSettings }],
      });
      const lessor = env.client.workflow.getHandle(leaseWorkflowId(key));
      await waitFor('the second holder queued', async () =>
        (await lessor.query(leaseStateQuery)).queue.length === 1 ? true : undefined,
      );
      await dying.terminate('the holder dies holding its lease');
      const result = await next.result();
      expect(result).toEqual({ grantNo: 2, ahead: 0 });
      expect(tracker.entered).toEqual([`${key}/dying`, `${key}/next`]);
      const state = await lessor.query(leaseStateQuery);
      expect(state.holding).toEqual([]);
    });
  });
});
