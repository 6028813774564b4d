"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ReleaseState = void 0;
const workflow_1 = require("@temporalio/workflow");
const release_status_1 = require("../domain/release-status");
const stage_tracker_1 = require("./stage-tracker");
const RELEASE_STAGES = ['window', 'gray', 'promotion', 'full'];
/** Everything a release knows, in one place, so the handlers, the query and the flow share it. */
class ReleaseState {
    input;
    request;
    status = 'pending';
    plan;
    previous;
    queued;
    replaced = false;
    emergency;
    promoted;
    interruption;
    wakeAt;
    lastError;
    /** The notifier's handle on this release's card, so every event updates the same one. */
    cardRef;
    /** Weighted gray (issue 12): the step it is on, each step's latest analysis, and its place in a deploy queue. */
    grayStep;
    analysis = [];
    deployQueue;
    approvals = [];
    superseded = [];
    tracker = new stage_tracker_1.StageTracker(RELEASE_STAGES, () => new Date());
    releaseId;
    ref;
    constructor(input) {
        this.input = input;
        this.request = input.request;
        this.ref = { service: input.service, environment: input.environment };
        const info = (0, workflow_1.workflowInfo)();
        this.releaseId = `${info.workflowId}@${info.runId}`;
    }
    /** The plan, once planRelease has answered; until then the release is still starting. */
    get knownPlan() {
        if (!this.plan)
            throw new Error('the release is still starting; try again in a moment');
        return this.plan;
    }
    /** A newer request: replaces the current one while nothing changed, otherwise queues (newest wins). */
    offer(req) {
        const current = this.queued ?? this.request;
        if (req.requestId === current.requestId || req.requestId === this.request.requestId)
            return 'joined';
        if (req.image === current.image && req.kind === current.kind)
            return 'joined';
        if ((0, release_status_1.nothingChanged)(this.status)) {
            this.superseded.push(this.request.image);
            this.request = req;
            this.replaced = true;
            // An approval was given for the old image; the new one needs its own.
            this.emergency = undefined;
            return 'replaced';
        }
        if (this.queued)
            this.superseded.push(this.queued.image);
        this.queued = req;
        return 'queued';
    }
    progress() {
        const current = this.tracker.current;
        return {
            workflowId: (0, workflow_1.workflowInfo)().workflowId,
            releaseId: this.releaseId,
            service: this.input.service,
            environment: this.input.environment,
            image: this.request.image,
            previousImage: this.previous?.stable ?? null,
            requestedBy: this.request.requestedBy,
            status: this.status,
            stages: this.tracker.stages,
            percent: this.status === 'succeeded' ? 100 : this.tracker.percent,
            currentStep: current ? `${current.name}: ${current.step ?? current.state}` : this.status,
            wakeAt: this.wakeAt?.toISOString(),
            lastError: this.lastError,
            approvals: this.approvals,
            queuedImage: this.queued?.image,
            superseded: this.superseded,
            ...(this.request.promotion ? { promotion: this.request.promotion } : {}),
            // Only present where used, so the progress of releases without steps or limits reads as before.
            ...(this.grayStep ? { grayStep: this.grayStep } : {}),
            ...(this.analysis.length ? { analysis: this.analysis } : {}),
            ...(this.deployQueue ? { deployQueue: this.deployQueue } : {}),
        };
    }
}
exports.ReleaseState = ReleaseState;
//# sourceMappingURL=release-state.js.map