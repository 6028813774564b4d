// A stand-in for the release rollout: takes a deploy lease, marks itself in flight for a while, gives it back.
import { proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import { acquireDeployLease, releaseDeployLease } from '../../src/workflows/deploy-lease';
import type { DeployLeaseInput } from '../../src/workflows/deploy-lease-messages';

export { deployLeaseWorkflow } from '../../src/workflows/deploy-lease-workflow';

export interface InFlightActivities {
  enterSlot(id: string): Promise<void>;
  leaveSlot(id: string): Promise<void>;
}

const { enterSlot, leaveSlot } = proxyActivities<InFlightActivities>({ startToCloseTimeout: '30 seconds' });

export interface LeaseHolderInput {
  key: string;
  maxParallel: number;
  holdMs: number;
  lessor?: Pick<DeployLeaseInput, 'livenessCheckMs' | 'idleMs' | 'historyLimit'>;
}

export interface LeaseHolderResult {
  grantNo: number;
  /** "queued, N ahead" as the lessor reported it; null when the lease came at once. */
  ahead: number | null;
}

export async function leaseHolderWorkflow(input: LeaseHolderInput): Promise<LeaseHolderResult> {
  let ahead: number | null = null;
  const lease = await acquireDeployLease(input.key, {
    maxParallel: input.maxParallel,
    lessor: input.lessor,
    onQueued: (n) => (ahead = n),
  });
  const id = workflowInfo().workflowId;
  try {
    await enterSlot(id);
    await sleep(input.holdMs);
    await leaveSlot(id);
  } finally {
    await releaseDeployLease(lease);
  }
  return { grantNo: lease.grantNo, ahead };
}
