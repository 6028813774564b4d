import {
  type ActivityFunction,
  type ActivityFunctionWithOptions,
  proxyActivities,
  type RetryPolicy,
} from '@temporalio/workflow';
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

/**
 * A release's look-ups (plan from the catalog, the image's digest from the registry, healthy runs from Temporal):
 * seconds each, and they do not heartbeat, so a worker killed during one strands it for the whole start-to-close
 * before the retry. 40 s covers the registry client's 15 s header + 15 s body timeouts; `quick`'s 2 minutes was
 * a release stalled 2 minutes per kill -9 that hit one.
 */
export const lookups = proxyActivities<GantryActivities>({
  startToCloseTimeout: '40 seconds',
  retry: { ...retry, maximumAttempts: 10 },
});

/**
 * GitOps reads and commits (readDeployment, commitDeployment): a fetch, maybe a few push races and a push.
 * They heartbeat every 3 s (keepAliveHeartbeat, also while a commit waits its turn to push), so a crashed worker's
 * commit is retried elsewhere within 15 s instead of being stranded for the whole start-to-close; the trailer keeps
 * the retry from committing twice.
 */
export const gitops = proxyActivities<GantryActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '15 seconds',
  retry: { ...retry, maximumAttempts: 10 },
});

const longOptions = {
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '1 minute',
  // Every worker stop (a rolling update, an HPA scale-down, a crash) ends one attempt, and the next re-attaches
  // to what it waited on; three would let a few restarts during one long wait fail a release. Real failures
  // (build, deploy, health timeout) are non-retryable ApplicationFailures and end at once whatever this says, so
  // only stops and outages of the systems waited on use these attempts.
  retry: { ...retry, maximumAttempts: 10 },
} as const;

/** Builds: long, heartbeating so a dead worker is noticed within a minute and cancels arrive. */
export const long = proxyActivities<GantryActivities>(longOptions);

/**
 * Deploy waits (syncDeployment, waitHealthy): they heartbeat every 3 s on their own (keepAliveHeartbeat), so 15 s
 * of silence means the worker is gone and the next attempt re-attaches elsewhere (heartbeat details). With `long`'s
 * minute, each kill -9 held every release in a health wait for up to a minute: most of the chaos suite's fault cost.
 * A timeout is not a command attribute replay compares, so running releases pick this up without a patch.
 */
export const deployWaits = proxyActivities<GantryActivities>({ ...longOptions, heartbeatTimeout: '15 seconds' });

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

/**
 * Calls a proxied activity with a one-line summary shown beside it in the Temporal UI's event history, e.g.
 * "commit gray hello-node prod". The summary is user metadata on the schedule command, which replay does not
 * compare, so adding or rewording one needs no patch.
 */
export function withSummary<F extends ActivityFunction>(
  summary: string,
  activity: ActivityFunctionWithOptions<F>,
  ...args: Parameters<F>
): Promise<Awaited<ReturnType<F>>> {
  return activity.executeWithOptions({ summary }, args);
}
