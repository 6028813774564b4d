"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.releaseWorkflow = releaseWorkflow;
const workflow_1 = require("@temporalio/workflow");
const activity_proxies_1 = require("./activity-proxies");
const release_approvals_1 = require("./release-approvals");
const release_gates_1 = require("./release-gates");
const release_messages_1 = require("./release-messages");
const release_notifications_1 = require("./release-notifications");
const release_rollback_1 = require("./release-rollback");
const release_rollout_1 = require("./release-rollout");
const release_state_1 = require("./release-state");
const release_visibility_1 = require("./release-visibility");
/**
 * One release of one service to one environment (workflow id release/<service>/<env>, so one at a time), read as
 * its table of contents: gates (permission, window or emergency approval: release-gates), rollout (gray, bake,
 * promotion, full: release-rollout); any failure or interruption after the first change runs the rollback
 * (release-rollback) back to the last good image. People's decisions arrive as updates (release-approvals).
 */
async function releaseWorkflow(input) {
    const state = new release_state_1.ReleaseState(input);
    const visibility = new release_visibility_1.ReleaseVisibility(state);
    const release = {
        state,
        publish: (status) => visibility.publish(status),
        announce: (kind, mention) => (0, release_notifications_1.announce)(state, kind, mention),
    };
    const rollout = new release_rollout_1.ReleaseRollout(release);
    const approvals = new release_approvals_1.ReleaseApprovals(state, () => rollout.cancel());
    (0, workflow_1.setHandler)(release_messages_1.progressQuery, () => state.progress());
    (0, workflow_1.setHandler)(release_messages_1.releaseRequestSignal, (req) => {
        const result = state.offer(req);
        workflow_1.log.info('release request', { image: req.image, result });
        if (result !== 'joined')
            release.publish();
    });
    (0, workflow_1.setHandler)(release_messages_1.approveEmergencyUpdate, (d) => approvals.approveEmergency(d), {
        validator: (d) => approvals.validateEmergency(d),
    });
    (0, workflow_1.setHandler)(release_messages_1.promoteUpdate, (d) => approvals.promote(d), { validator: (d) => approvals.validatePromote(d) });
    (0, workflow_1.setHandler)(release_messages_1.abortUpdate, (d) => approvals.interrupt('abort', d), { validator: (d) => approvals.validateAbort(d) });
    (0, workflow_1.setHandler)(release_messages_1.rollbackUpdate, (d) => approvals.interrupt('rollback', d), {
        validator: (d) => approvals.validateRollback(d),
    });
    release.publish();
    state.plan = await (0, activity_proxies_1.withSummary)(`plan release ${input.service} ${input.environment}`, activity_proxies_1.quick.planRelease, state.ref);
    // Nothing has changed in the world until both gates pass.
    const refused = await new release_gates_1.ReleaseGates(release).pass();
    if (refused)
        return finish(refused);
    let failure;
    try {
        await rollout.run();
        state.wakeAt = undefined;
        release.publish('succeeded');
        await release.announce('succeeded');
    }
    catch (err) {
        failure = await (0, release_rollback_1.rollBack)(release, rollout.compensations, err);
    }
    finally {
        // Deploy slots go back however the rollout ended, and before a continue-as-new: the lessor tells holders by
        // run id, so a new run would not hold them.
        await rollout.flow.giveBack();
    }
    // Outside the try: continue-as-new ends the run by throwing, which must not reach the rollback.
    return finish(failure);
    /** Ends the run: a request queued meanwhile continues as a new run (fresh history), else succeed or fail. */
    async function finish(failure) {
        await (0, workflow_1.condition)(workflow_1.allHandlersFinished);
        if (state.queued) {
            await (0, workflow_1.continueAsNew)({ ...input, request: state.queued });
        }
        if (failure)
            throw failure;
        return { status: state.status, image: state.request.image, previousImage: state.previous?.stable ?? null };
    }
}
//# sourceMappingURL=release-workflow.js.map