"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.deployLeaseWorkflow = deployLeaseWorkflow;
const workflow_1 = require("@temporalio/workflow");
const deploy_lease_messages_1 = require("./deploy-lease-messages");
const lease_book_1 = require("./lease-book");
const { findGoneLeaseHolders } = (0, workflow_1.proxyActivities)({
    startToCloseTimeout: '1 minute',
    retry: { maximumInterval: '30 seconds' },
});
const DEFAULT_LIVENESS_CHECK_MS = 60_000;
const DEFAULT_IDLE_MS = 3_600_000;
const DEFAULT_HISTORY_LIMIT = 10_000;
/**
 * Hands out deploy leases for one environment (id `deploy-leases/<key>`): at most maxParallel holders, the rest
 * queued in arrival order and woken one by one as slots free up (no timers firing in the same second). A lease
 * is freed by its holder's release signal, or when its holder's run is found ended (terminated, failed, timed
 * out) by the periodic check or by a grant that cannot be delivered. A worker dying changes nothing: the lessor
 * and the holders are workflows, so holders keep their leases and the queue its order.
 */
async function deployLeaseWorkflow(input) {
    const book = new lease_book_1.LeaseBook(input.key, input.maxParallel, input.carried, () => new Date().toISOString());
    (0, workflow_1.setHandler)(deploy_lease_messages_1.leaseRequestSignal, (request) => book.request(request));
    (0, workflow_1.setHandler)(deploy_lease_messages_1.leaseReleaseSignal, ({ requestId }) => book.release(requestId));
    (0, workflow_1.setHandler)(deploy_lease_messages_1.leaseStateQuery, () => book.snapshot());
    const livenessCheckMs = input.livenessCheckMs ?? DEFAULT_LIVENESS_CHECK_MS;
    const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
    for (;;) {
        book.grantFree();
        await deliver(book, book.takeNotices());
        if (book.hasNotices)
            continue;
        const info = (0, workflow_1.workflowInfo)();
        if (info.continueAsNewSuggested || info.historyLength > historyLimit) {
            await (0, workflow_1.condition)(workflow_1.allHandlersFinished);
            if (!book.hasNotices) {
                await (0, workflow_1.continueAsNew)({
                    ...input,
                    maxParallel: book.maxParallel,
                    carried: book.carry(),
                });
            }
            continue;
        }
        const seen = book.version;
        const changed = () => book.version !== seen || book.hasNotices;
        if (book.idle) {
            // Signals that land while this run completes fail the completion, so no request is lost to an ending run.
            if (!(await (0, workflow_1.condition)(changed, input.idleMs ?? DEFAULT_IDLE_MS)))
                return;
            continue;
        }
        if (!(await (0, workflow_1.condition)(changed, livenessCheckMs))) {
            const holders = book.holders();
            const gone = await findGoneLeaseHolders(holders.map((h) => h.holder));
            for (const { requestId, holder } of holders) {
                if (gone.some((g) => g.workflowId === holder.workflowId && g.runId === holder.runId))
                    book.release(requestId);
            }
        }
    }
}
/** Sends the owed signals side by side; a grant that cannot reach its holder (run ended) frees the slot again. */
async function deliver(book, notices) {
    await Promise.all(notices.map(async (notice) => {
        const holder = (0, workflow_1.getExternalWorkflowHandle)(notice.holder.workflowId, notice.holder.runId);
        try {
            if (notice.kind === 'granted')
                await holder.signal(deploy_lease_messages_1.leaseGrantedSignal, notice.grant);
            else
                await holder.signal(deploy_lease_messages_1.leaseQueuedSignal, notice.queued);
        }
        catch {
            // Only a run that no longer exists or has ended refuses a signal.
            book.release(notice.kind === 'granted' ? notice.grant.requestId : notice.queued.requestId);
        }
    }));
}
//# sourceMappingURL=deploy-lease-workflow.js.map