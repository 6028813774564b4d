"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.notify = exports.long = exports.gitops = exports.quick = void 0;
exports.buildActivities = buildActivities;
exports.withSummary = withSummary;
const workflow_1 = require("@temporalio/workflow");
const errors_1 = require("../errors");
const retry = {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '1m',
    nonRetryableErrorTypes: errors_1.NON_RETRYABLE_TYPES,
};
/** Catalog look-ups, Git reads and commits: short, retried with backoff. */
exports.quick = (0, workflow_1.proxyActivities)({
    startToCloseTimeout: '2 minutes',
    retry: { ...retry, maximumAttempts: 10 },
});
/**
 * GitOps reads and commits (readDeployment, commitDeployment): a fetch, maybe a few push races and a push.
 * They heartbeat while git runs, so a crashed worker's commit is retried elsewhere within 30 s instead of being
 * stranded for the whole start-to-close; the trailer keeps the retry from committing twice.
 */
exports.gitops = (0, workflow_1.proxyActivities)({
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '30 seconds',
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
};
/** Builds and deploy waits: long, heartbeating so a dead worker is noticed within a minute and cancels arrive. */
exports.long = (0, workflow_1.proxyActivities)(longOptions);
/**
 * The build steps of one pipeline, on the build workers' task queue when one is set, so a surge of builds never
 * starves releases. All of a pipeline's build steps share a workspace, so they go to the same queue.
 */
function buildActivities(taskQueue) {
    if (!taskQueue)
        return { quick: exports.quick, long: exports.long };
    return {
        quick: (0, workflow_1.proxyActivities)({
            startToCloseTimeout: '2 minutes',
            retry: { ...retry, maximumAttempts: 10 },
            taskQueue,
        }),
        long: (0, workflow_1.proxyActivities)({ ...longOptions, taskQueue }),
    };
}
/** Notifications are best effort: a chat outage must not fail a release. */
exports.notify = (0, workflow_1.proxyActivities)({
    startToCloseTimeout: '30 seconds',
    retry: { ...retry, maximumAttempts: 3 },
});
/**
 * Calls a proxied activity with a one-line summary shown beside it in the Temporal UI's event history, e.g.
 * "commit gray hello-node prod". The summary is user metadata on the schedule command, which replay does not
 * compare, so adding or rewording one needs no patch.
 */
function withSummary(summary, activity, ...args) {
    return activity.executeWithOptions({ summary }, args);
}
//# sourceMappingURL=activity-proxies.js.map