"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ReleaseFlowControl = void 0;
const workflow_1 = require("@temporalio/workflow");
const deploy_lease_1 = require("./deploy-lease");
/**
 * Flow control for one release: before its first change it takes a deploy slot under each limit of its plan
 * (the environment's, then its cluster's), waiting in arrival order at the limit's lessor workflow; the slots are
 * given back however the rollout ends. Parked releases hold nothing: the slots are taken after the gates.
 */
class ReleaseFlowControl {
    release;
    held = [];
    constructor(release) {
        this.release = release;
    }
    /** Cancellable while queued (an abort leaves the queue); slots already taken are given back by giveBack(). */
    async acquire() {
        const { state, publish } = this.release;
        const limits = state.knownPlan.flowControl ?? [];
        // Adds commands to the release: runs recorded before it replay without (and had no limits in their plan).
        if (limits.length === 0 || !(0, workflow_1.patched)('deploy-lease'))
            return;
        const passed = state.tracker.stages.find((s) => s.name === 'window')?.step ?? 'window open';
        for (const { key, maxParallel } of limits) {
            const wait = (ahead) => {
                state.deployQueue = { key, maxParallel, ...(ahead !== undefined ? { ahead } : {}) };
                const queued = ahead === undefined ? 'asking for a deploy slot' : `queued, ${ahead} ahead`;
                state.tracker.enter('window', `${queued} (${key}: at most ${maxParallel} deploying at once)`, 'waiting');
                publish();
            };
            wait();
            this.held.push(await (0, deploy_lease_1.acquireDeployLease)(key, { maxParallel, onQueued: wait }));
        }
        state.deployQueue = undefined;
        state.tracker.finish('window', 'succeeded', `${passed}; deploy slot granted`);
        publish();
    }
    /** Gives back every slot held; safe to call more than once, and in a cancelled scope. */
    async giveBack() {
        const held = this.held.reverse();
        this.held = [];
        for (const lease of held)
            await (0, deploy_lease_1.releaseDeployLease)(lease);
    }
}
exports.ReleaseFlowControl = ReleaseFlowControl;
//# sourceMappingURL=release-flow-control.js.map