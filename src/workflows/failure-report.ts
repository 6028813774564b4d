import { ActivityFailure, ApplicationFailure, CancelledFailure, ChildWorkflowFailure } from '@temporalio/workflow';
import type { ErrorReport } from '../domain/progress';
import type { FailureOutput } from '../errors';

/** Digs the typed application failure out of activity/child wrappers, for progress and notifications. */
export function toErrorReport(err: unknown): ErrorReport {
  let cause: unknown = err;
  while (cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) cause = cause.cause;
  if (cause instanceof ApplicationFailure) {
    const output = (cause.details?.[0] ?? {}) as FailureOutput;
    return { type: cause.type ?? 'Error', message: cause.message, tail: output.tail, logId: output.logId };
  }
  if (cause instanceof CancelledFailure) return { type: 'Cancelled', message: cause.message || 'cancelled' };
  return { type: 'Error', message: cause instanceof Error ? cause.message : String(cause) };
}
