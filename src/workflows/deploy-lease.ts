import {
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { createLeaseActivities } from '../activities/lease-activities';
import {
  leaseGrantedSignal,
  leaseQueuedSignal,
  leaseReleaseSignal,
  leaseWorkflowId,
  type DeployLeaseInput,
  type LeaseGrant,
} from './deploy-lease-messages';

const { requestDeployLease } = proxyActivities<ReturnType<typeof createLeaseActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '10 seconds' },
});

export interface DeployLease {
  key: string;
  requestId: string;
  grantNo: number;
}

export interface AcquireOptions {
  maxParallel: number;
  /** Called with "N ahead" when the request has to wait: put it in progress. */
  onQueued?: (ahead: number) => void;
  /** Settings for the lessor if this request starts it (tests shorten them). */
  lessor?: Pick<DeployLeaseInput, 'livenessCheckMs' | 'idleMs' | 'historyLimit'>;
}

/**
 * Workflow side of flow control: waits (durably, no timer) until the lessor of `key` grants a lease. Call
 * releaseDeployLease in a finally. Cancelled while queued, it leaves the queue before re-throwing.
 */
export async function acquireDeployLease(key: string, opts: AcquireOptions): Promise<DeployLease> {
  const requestId = uuid4();
  let grant: LeaseGrant | undefined;
  setHandler(leaseGrantedSignal, (g) => {
    if (g.requestId === requestId) grant = g;
  });
  setHandler(leaseQueuedSignal, (q) => {
    if (q.requestId === requestId) opts.onQueued?.(q.ahead);
  });
  const { workflowId, runId } = workflowInfo();
  try {
    await requestDeployLease({
      key,
      lessor: { ...opts.lessor, key, maxParallel: opts.maxParallel },
      request: { requestId, holder: { workflowId, runId }, maxParallel: opts.maxParallel },
    });
    await condition(() => grant !== undefined);
  } catch (err) {
    if (isCancellation(err)) await signalRelease(key, requestId);
    throw err;
  }
  return { key, requestId, grantNo: grant!.grantNo };
}

/** Gives the lease back; runs even in a cancelled scope, so a finally block can always call it. */
export async function releaseDeployLease(lease: DeployLease): Promise<void> {
  await signalRelease(lease.key, lease.requestId);
}

async function signalRelease(key: string, requestId: string): Promise<void> {
  await CancellationScope.nonCancellable(() =>
    getExternalWorkflowHandle(leaseWorkflowId(key)).signal(leaseReleaseSignal, { requestId }),
  );
}
