"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ReleaseApprovals = void 0;
const workflow_1 = require("@temporalio/workflow");
const release_rules_1 = require("../domain/release-rules");
const errors_1 = require("../errors");
const release_status_1 = require("../domain/release-status");
/**
 * Every decision a person makes on a running release (emergency approval, promote, rollback, abort): who may
 * make it and when (the validators), and what it does (the handlers). A rejection in a validator never enters
 * workflow history, so a forged or mistaken click leaves no trace; each message says why, and what would work.
 */
class ReleaseApprovals {
    state;
    stopRollout;
    constructor(state, 
    /** Cancels the rollout in flight, so the rollback can undo what changed. */
    stopRollout) {
        this.state = state;
        this.stopRollout = stopRollout;
    }
    validateEmergency(d) {
        const { state } = this;
        requireUser(d);
        const plan = state.knownPlan;
        if (state.status !== 'waiting-for-window') {
            throw new Error(`nothing to approve: the release is ${state.status}, not waiting for its window`);
        }
        requireReason(d, 'an emergency approval');
        refuse((0, release_rules_1.mayApproveEmergency)(plan, state.request.requestedBy, d.by));
    }
    async approveEmergency(d) {
        this.state.emergency = this.record('emergency', d);
        // The answer (and the card a chat click gets back) shows the release after the decision, not the wait it
        // ended. Added while releases were in flight: patched() keeps their recorded histories replaying.
        if ((0, workflow_1.patched)('answer-after-decision'))
            await (0, workflow_1.condition)(() => this.state.status !== 'waiting-for-window');
        return this.outcome(`emergency approved by ${d.by}: releasing now`);
    }
    validatePromote(d) {
        const { state } = this;
        requireUser(d);
        const plan = state.knownPlan;
        if (!(0, release_status_1.isPromotable)(state.status)) {
            throw new Error(`cannot promote: the release is ${state.status}; promote is possible while gray is baking or waiting`);
        }
        refuse((0, release_rules_1.mayPromote)(plan, d.by));
    }
    promote(d) {
        this.state.promoted = this.record('promote', d);
        return this.outcome(`promoted by ${d.by}: rolling out to full`);
    }
    validateRollback(d) {
        const { state } = this;
        requireUser(d);
        if ((0, release_status_1.nothingChanged)(state.status)) {
            throw new Error('nothing has been deployed yet, so there is nothing to roll back; use abort to cancel the release');
        }
        if (state.status === 'rolling-back')
            throw new Error('the release is already rolling back');
        if ((0, release_status_1.isFinished)(state.status) || !(0, release_status_1.isChanging)(state.status)) {
            throw new Error(`the release is ${state.status}; start a rollback release to restore an earlier image`);
        }
        requireReason(d, 'a rollback');
        refuse((0, release_rules_1.mayStop)(state.knownPlan, state.request.requestedBy, d.by, 'roll back'));
    }
    validateAbort(d) {
        const { state } = this;
        requireUser(d);
        if (state.status === 'rolling-back')
            throw new Error('the release is already rolling back');
        if (!(0, release_status_1.isStoppable)(state.status))
            throw new Error(`the release is ${state.status} and can no longer be aborted`);
        requireReason(d, 'an abort');
        refuse((0, release_rules_1.mayStop)(state.knownPlan, state.request.requestedBy, d.by, 'abort'));
    }
    /** Abort or rollback: recorded, then the rollout in flight is cancelled and the rollback takes over. */
    interrupt(kind, d) {
        this.record(kind, d);
        this.state.interruption = { kind, by: d.by, reason: d.reason };
        this.stopRollout();
        return this.outcome(`${kind} requested by ${d.by}`);
    }
    record(kind, d) {
        const approval = { kind, by: d.by, reason: d.reason, at: new Date().toISOString() };
        // Who and how, as the API or Feishu authenticated them; kept out when absent so old histories read the same.
        if (d.actor)
            approval.actor = { subject: d.actor.subject, person: d.actor.person, via: d.actor.via };
        this.state.approvals.push(approval);
        return approval;
    }
    outcome(message) {
        return { accepted: true, status: this.state.status, message };
    }
}
exports.ReleaseApprovals = ReleaseApprovals;
function requireUser(d) {
    if (!d?.by?.trim())
        throw new Error('who is deciding? "by" is required');
}
function requireReason(d, what) {
    if (!d.reason?.trim())
        throw new Error(`${what} needs a reason`);
}
/**
 * A permission refusal is typed (PermissionDenied, the rule in its details), so the API answers 403 with the rule;
 * every other rejection (state, missing reason) stays a plain error, which it answers with 409.
 */
function refuse(refusal) {
    if (!refusal)
        return;
    throw (0, errors_1.nonRetryable)(errors_1.ErrorType.PermissionDenied, refusal.message, { rule: refusal.rule });
}
//# sourceMappingURL=release-approvals.js.map