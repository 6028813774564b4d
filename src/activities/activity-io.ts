import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';

/**
 * Bridges the activity context to the ports' io: cancellation signal, heartbeats with progress details, whether a
 * cancellation is only a detach (see cancelIsDetach), and what an earlier attempt last reported.
 */
export function activityIo(): {
  signal: AbortSignal;
  heartbeat: (details?: unknown) => void;
  detached: () => boolean;
  previous: unknown;
  attempt: number;
} {
  const ctx = Context.current();
  return {
    signal: ctx.cancellationSignal,
    heartbeat: (details?: unknown) => ctx.heartbeat(details),
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
function cancelIsDetach(): boolean {
  const ctx = Context.current();
  if (!ctx.cancellationSignal.aborted) return false;
  if (ctx.cancellationDetails?.cancelRequested) return false;
  const reason: unknown = ctx.cancellationSignal.reason;
  return !(reason instanceof CancelledFailure && reason.message === 'CANCELLED');
}

/**
 * A detached cancellation reported as cancelled would look like an abort; as a retryable failure it is retried at
 * once on another worker, which re-attaches. Anything else passes through unchanged.
 */
export function detachedAsRetry(err: unknown): unknown {
  if (!cancelIsDetach()) return err;
  const reason: unknown = Context.current().cancellationSignal.reason;
  const why = reason instanceof Error ? reason.message : 'detached';
  return ApplicationFailure.retryable(`stopped waiting (${why}); the next attempt re-attaches`, 'WorkerShutdown');
}

/** A unique, stable id for the current activity execution, shared by its retries (for re-attaching and logs). */
export function executionId(step: string): string {
  const info = Context.current().info;
  return `${currentWorkflowId()}/${info.workflowExecution?.runId ?? info.activityId}/${step}`;
}

/** The workflow this activity works for: log ids and workspaces are named after it. */
export function currentWorkflowId(): string {
  const info = Context.current().info;
  return info.workflowExecution?.workflowId ?? `activity-${info.activityId}`;
}

/**
 * A heartbeat for long waits that also beats on its own every `everyMs`, repeating the last progress (at first the
 * earlier attempt's, so a retry's resume point survives): liveness no longer depends on how often the waited-on
 * system answers (an Argo CD request may hang up to its 30 s timeout), so the heartbeat timeout can be short and a
 * dead worker's wait moves to another worker within it. `stop()` ends the timer.
 */
export function keepAliveHeartbeat(
  io: { heartbeat: (details?: unknown) => void; previous: unknown },
  everyMs = 3000,
): { heartbeat: (details?: unknown) => void; stop: () => void } {
  let last = io.previous;
  const timer = setInterval(() => io.heartbeat(last), everyMs);
  timer.unref();
  return {
    heartbeat: (details?: unknown) => {
      last = details;
      io.heartbeat(details);
    },
    stop: () => clearInterval(timer),
  };
}
