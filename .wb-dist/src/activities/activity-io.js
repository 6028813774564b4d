"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.activityIo = activityIo;
exports.detachedAsRetry = detachedAsRetry;
exports.executionId = executionId;
exports.currentWorkflowId = currentWorkflowId;
const common_1 = require("@temporalio/common");
const activity_1 = require("@temporalio/activity");
/**
 * Bridges the activity context to the ports' io: cancellation signal, heartbeats with progress details, whether a
 * cancellation is only a detach (see cancelIsDetach), and what an earlier attempt last reported.
 */
function activityIo() {
    const ctx = activity_1.Context.current();
    return {
        signal: ctx.cancellationSignal,
        heartbeat: (details) => ctx.heartbeat(details),
        detached: cancelIsDetach,
        previous: ctx.info.heartbeatDetails,
        attempt: ctx.info.attempt,
    };
}
/**
 * True when the cancellation only means "stop waiting here": this worker is shutting down, or the attempt timed
 * out, was paused or reset. Then external work (an Argo CD operation, a pod) is left running for the retry to
 * re-attach to. False when the workflow cancelled the activity, i.e. a person's abort or rollback: undo then.
 */
function cancelIsDetach() {
    const ctx = activity_1.Context.current();
    if (!ctx.cancellationSignal.aborted)
        return false;
    if (ctx.cancellationDetails?.cancelRequested)
        return false;
    const reason = ctx.cancellationSignal.reason;
    return !(reason instanceof common_1.CancelledFailure && reason.message === 'CANCELLED');
}
/**
 * A detached cancellation reported as cancelled would look like an abort; as a retryable failure it is retried at
 * once on another worker, which re-attaches. Anything else passes through unchanged.
 */
function detachedAsRetry(err) {
    if (!cancelIsDetach())
        return err;
    const reason = activity_1.Context.current().cancellationSignal.reason;
    const why = reason instanceof Error ? reason.message : 'detached';
    return common_1.ApplicationFailure.retryable(`stopped waiting (${why}); the next attempt re-attaches`, 'WorkerShutdown');
}
/** A unique, stable id for the current activity execution, shared by its retries (for re-attaching and logs). */
function executionId(step) {
    const info = activity_1.Context.current().info;
    return `${currentWorkflowId()}/${info.workflowExecution?.runId ?? info.activityId}/${step}`;
}
/** The workflow this activity works for: log ids and workspaces are named after it. */
function currentWorkflowId() {
    const info = activity_1.Context.current().info;
    return info.workflowExecution?.workflowId ?? `activity-${info.activityId}`;
}
//# sourceMappingURL=activity-io.js.map