import { Context } from '@temporalio/activity';

/** Bridges the activity context to the ports' io: cancellation signal and heartbeats with progress details. */
export function activityIo(): { signal: AbortSignal; heartbeat: (details?: unknown) => void } {
  const ctx = Context.current();
  return { signal: ctx.cancellationSignal, heartbeat: (details?: unknown) => ctx.heartbeat(details) };
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
