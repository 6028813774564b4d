"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.acquireDeployLease = acquireDeployLease;
exports.releaseDeployLease = releaseDeployLease;
const workflow_1 = require("@temporalio/workflow");
const deploy_lease_messages_1 = require("./deploy-lease-messages");
const { requestDeployLease } = (0, workflow_1.proxyActivities)({
    startToCloseTimeout: '30 seconds',
    retry: { maximumInterval: '10 seconds' },
});
/**
 * Workflow side of flow control: waits (durably, no timer) until the lessor of `key` grants a lease. Call
 * releaseDeployLease in a finally. Cancelled while queued, it leaves the queue before re-throwing.
 */
async function acquireDeployLease(key, opts) {
    const requestId = (0, workflow_1.uuid4)();
    let grant;
    (0, workflow_1.setHandler)(deploy_lease_messages_1.leaseGrantedSignal, (g) => {
        if (g.requestId === requestId)
            grant = g;
    });
    (0, workflow_1.setHandler)(deploy_lease_messages_1.leaseQueuedSignal, (q) => {
        if (q.requestId === requestId)
            opts.onQueued?.(q.ahead);
    });
    const { workflowId, runId } = (0, workflow_1.workflowInfo)();
    try {
        await requestDeployLease({
            key,
            lessor: { ...opts.lessor, key, maxParallel: opts.maxParallel },
            request: { requestId, holder: { workflowId, runId }, maxParallel: opts.maxParallel },
        });
        await (0, workflow_1.condition)(() => grant !== undefined);
    }
    catch (err) {
        if ((0, workflow_1.isCancellation)(err))
            await signalRelease(key, requestId);
        throw err;
    }
    return { key, requestId, grantNo: grant.grantNo };
}
/** Gives the lease back; runs even in a cancelled scope, so a finally block can always call it. */
async function releaseDeployLease(lease) {
    await signalRelease(lease.key, lease.requestId);
}
async function signalRelease(key, requestId) {
    await workflow_1.CancellationScope.nonCancellable(() => (0, workflow_1.getExternalWorkflowHandle)((0, deploy_lease_messages_1.leaseWorkflowId)(key)).signal(deploy_lease_messages_1.leaseReleaseSignal, { requestId }));
}
//# sourceMappingURL=deploy-lease.js.map