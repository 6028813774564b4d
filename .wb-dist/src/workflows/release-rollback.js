"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Compensations = void 0;
exports.rollBack = rollBack;
const workflow_1 = require("@temporalio/workflow");
const errors_1 = require("../errors");
const failure_report_1 = require("./failure-report");
/**
 * The saga's undo stack: each change to the world pushes its undo; on failure they run in reverse, and an undo
 * that fails is logged and the rest still run, so the release never stops half-way.
 */
class Compensations {
    undos = [];
    push(name, run) {
        this.undos.push({ name, run });
    }
    get size() {
        return this.undos.length;
    }
    /** Runs every undo, newest first; returns the names of those that failed. */
    async runAll() {
        const failed = [];
        for (const undo of [...this.undos].reverse()) {
            try {
                await undo.run();
            }
            catch (err) {
                workflow_1.log.error('compensation failed', { step: undo.name, error: err.message });
                failed.push(undo.name);
            }
        }
        this.undos.length = 0;
        return failed;
    }
}
exports.Compensations = Compensations;
/**
 * After a failure, an abort or a rollback request during the rollout: records why, undoes every change back to the
 * last good image (not cancellable, so a second abort cannot stop it half-way) and returns the failure that ends
 * the run. Before the first change there is nothing to undo.
 */
async function rollBack(release, compensations, err) {
    const { state, publish, announce } = release;
    const interruption = state.interruption;
    if (!interruption || !(0, workflow_1.isCancellation)(err))
        state.lastError = (0, failure_report_1.toErrorReport)(err);
    const failedStage = state.tracker.current;
    if (failedStage && failedStage.state !== 'succeeded')
        state.tracker.finish(failedStage.name, 'failed');
    state.wakeAt = undefined;
    const aborted = interruption?.kind === 'abort';
    if (compensations.size === 0) {
        publish(aborted ? 'aborted' : 'failed');
        await announce(state.status === 'aborted' ? 'aborted' : 'failed');
        // A failure before the first change keeps the type it was raised with (UnknownService, GitOpsCommitFailed…).
        if (!aborted && state.lastError)
            return (0, errors_1.nonRetryable)(state.lastError);
        const message = state.lastError?.message ?? `${interruption?.kind} by ${interruption?.by}`;
        return (0, errors_1.nonRetryable)(aborted ? errors_1.ErrorType.ReleaseAborted : errors_1.ErrorType.DeployFailed, message);
    }
    publish('rolling-back');
    // Same patch as the rollout's stage announcements: the card shows the rollback while it runs.
    if ((0, workflow_1.patched)('announce-every-stage'))
        await announce('stage-changed');
    const failedUndos = await workflow_1.CancellationScope.nonCancellable(() => compensations.runAll());
    if (failedUndos.length > 0) {
        state.tracker.finish('rollback', 'failed', `could not ${failedUndos.join(', ')}`);
        publish('failed');
        await announce('failed', state.knownPlan.emergencyApprovers);
        return (0, errors_1.nonRetryable)(errors_1.ErrorType.RollbackFailed, `rollback incomplete: ${failedUndos.join(', ')} failed after: ${state.lastError?.message ?? interruption?.kind}`);
    }
    state.tracker.finish('rollback', 'succeeded', `restored ${state.previous?.stable ?? 'the previous state'}`);
    publish(aborted ? 'aborted' : 'rolled-back');
    await announce(aborted ? 'aborted' : 'rolled-back');
    const why = interruption
        ? `${interruption.kind} by ${interruption.by}: ${interruption.reason ?? ''}`
        : `${state.lastError?.type}: ${state.lastError?.message}`;
    return (0, errors_1.nonRetryable)(aborted ? errors_1.ErrorType.ReleaseAborted : errors_1.ErrorType.ReleaseRolledBack, `rolled back to ${state.previous?.stable ?? 'nothing'} after ${why}`, state.lastError);
}
//# sourceMappingURL=release-rollback.js.map