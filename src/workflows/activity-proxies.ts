import { proxyActivities, type RetryPolicy } from '@temporalio/workflow';
import type { GantryActivities } from '../activities';
import { NON_RETRYABLE_TYPES } from '../errors';

const retry: RetryPolicy = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '1m',
  nonRetryableErrorTypes: NON_RETRYABLE_TYPES,
};

/** Catalog look-ups, Git reads and commits: short, retried with backoff. */
export const quick = proxyActivities<GantryActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { ...retry, maximumAttempts: 10 },
});

const longOptions = {
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '1 minute',
  retry: { ...retry, maximumAttempts: 3 },
} as const;

/** Builds and deploy waits: long, heartbeating so a dead worker is noticed within a minute and cancels arrive. */
export const long = proxyActivities<GantryActivities>(longOptions);

/**
 * The build steps of one pipeline, on the build workers' task queue when one is set, so a surge of builds never
 * starves releases. All of a pipeline's build steps share a workspace, so they go to the same queue.
 */
export function buildActivities(taskQueue: string | undefined) {
  if (!taskQueue) return { quick, long };
  return {
    quick: proxyActivities<GantryActivities>({
      startToCloseTimeout: '2 minutes',
      retry: { ...retry, maximumAttempts: 10 },
      taskQueue,
    }),
    long: proxyActivities<GantryActivities>({ ...longOptions, taskQueue }),
  };
}

/** Notifications are best effort: a chat outage must not fail a release. */
export const notify = proxyActivities<GantryActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { ...retry, maximumAttempts: 3 },
});
