import { type ApplicationFailure, CancellationScope, isCancellation, log, patched } from '@temporalio/workflow';
import { ErrorType, nonRetryable } from '../errors';
import { toErrorReport } from './failure-report';
import type { ReleaseContext } from './release-state';

/**
 * The saga's undo stack: each change to the world pushes its undo; on failure they run in reverse, and an undo
 * that fails is logged and the rest still run, so the release never stops half-way.
 */
export class Compensations {
  private readonly undos: { name: string; run: () => Promise<void> }[] = [];

  push(name: string, run: () => Promise<void>): void {
    this.undos.push({ name, run });
  }

  get size(): number {
    return this.undos.length;
  }

  /** Runs every undo, newest first; returns the names of those that failed. */
  async runAll(): Promise<string[]> {
    const failed: string[] = [];
    for (const undo of [...this.undos].reverse()) {
      try {
        await undo.run();
      } catch (err) {
        log.error('compensation failed', { step: undo.name, error: (err as Error).message });
        failed.push(undo.name);
      }
    }
    this.undos.length = 0;
    return failed;
  }
}

/**
 * After a failure, an abort or a rollback request during the rollout: records why, undoes every change back to the
 * last good image (not cancellable, so a second abort cannot stop it half-way) and returns the failure that ends
 * the run. Before the first change there is nothing to undo.
 */
export async function rollBack(
  release: ReleaseContext,
  compensations: Compensations,
  err: unknown,
): Promise<ApplicationFailure> {
  const { state, publish, announce } = release;
  const interruption = state.interruption;
  if (!interruption || !isCancellation(err)) state.lastError = toErrorReport(err);
  const failedStage = state.tracker.current;
  if (failedStage && failedStage.state !== 'succeeded') state.tracker.finish(failedStage.name, 'failed');
  state.wakeAt = undefined;
  const aborted = interruption?.kind === 'abort';
  if (compensations.size === 0) {
    publish(aborted ? 'aborted' : 'failed');
    await announce(state.status === 'aborted' ? 'aborted' : 'failed');
    // A failure before the first change keeps the type it was raised with (UnknownService, GitOpsCommitFailed…).
    if (!aborted && state.lastError) return nonRetryable(state.lastError);
    const message = state.lastError?.message ?? `${interruption?.kind} by ${interruption?.by}`;
    return nonRetryable(aborted ? ErrorType.ReleaseAborted : ErrorType.DeployFailed, message);
  }
  publish('rolling-back');
  // Same patch as the rollout's stage announcements: the card shows the rollback while it runs.
  if (patched('announce-every-stage')) await announce('stage-changed');
  const failedUndos = await CancellationScope.nonCancellable(() => compensations.runAll());
  if (failedUndos.length > 0) {
    state.tracker.finish('rollback', 'failed', `could not ${failedUndos.join(', ')}`);
    publish('failed');
    await announce('failed', state.knownPlan.emergencyApprovers);
    return nonRetryable(
      ErrorType.RollbackFailed,
      `rollback incomplete: ${failedUndos.join(', ')} failed after: ${state.lastError?.message ?? interruption?.kind}`,
    );
  }
  state.tracker.finish('rollback', 'succeeded', `restored ${state.previous?.stable ?? 'the previous state'}`);
  publish(aborted ? 'aborted' : 'rolled-back');
  await announce(aborted ? 'aborted' : 'rolled-back');
  const why = interruption
    ? `${interruption.kind} by ${interruption.by}: ${interruption.reason ?? ''}`
    : `${state.lastError?.type}: ${state.lastError?.message}`;
  return nonRetryable(
    aborted ? ErrorType.ReleaseAborted : ErrorType.ReleaseRolledBack,
    `rolled back to ${state.previous?.stable ?? 'nothing'} after ${why}`,
    state.lastError,
  );
}
