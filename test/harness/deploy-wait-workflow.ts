// Tiny workflows that run the release's deploy steps (sync, then the health wait), for tests of the deploy
// activities against a real Temporal server and worker.
import {
  ActivityCancellationType,
  CancellationScope,
  defineSignal,
  isCancellation,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { GantryActivities } from '../../src/activities';
import type { DeploymentState } from '../../src/domain/deployment';
import { deployWaits } from '../../src/workflows/activity-proxies';

export interface DeployWaitInput {
  service: string;
  environment: string;
  revision: string;
  expected: DeploymentState;
  timeoutMs: number;
}

/** With the release's very activity options. */
export async function deployWaitWorkflow(input: DeployWaitInput): Promise<string> {
  const ref = { service: input.service, environment: input.environment };
  await deployWaits.syncDeployment({ ...ref, revision: input.revision });
  await deployWaits.waitHealthy({ ...ref, expected: input.expected, timeoutMs: input.timeoutMs, step: 'gray' });
  return 'healthy';
}

export const abortSignal = defineSignal('abort');

/** A person's abort as the release does it: the deploy scope is cancelled while the workflow goes on. */
export async function abortableDeployWaitWorkflow(input: DeployWaitInput): Promise<string> {
  // A short heartbeat timeout delivers the cancel quickly; waiting for it makes the outcome observable.
  const { syncDeployment, waitHealthy } = proxyActivities<GantryActivities>({
    startToCloseTimeout: '1 minute',
    heartbeatTimeout: '2 seconds',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: { maximumAttempts: 1 },
  });
  const ref = { service: input.service, environment: input.environment };
  const scope = new CancellationScope();
  setHandler(abortSignal, () => scope.cancel());
  try {
    await scope.run(async () => {
      await syncDeployment({ ...ref, revision: input.revision });
      await waitHealthy({ ...ref, expected: input.expected, timeoutMs: input.timeoutMs, step: 'gray' });
    });
    return 'healthy';
  } catch (err) {
    if (isCancellation(err)) return 'aborted';
    throw err;
  }
}
