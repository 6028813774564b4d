"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createLeaseActivities = createLeaseActivities;
const activity_1 = require("@temporalio/activity");
const client_1 = require("@temporalio/client");
const deploy_lease_messages_1 = require("../workflows/deploy-lease-messages");
/** Flow control's activities: they use the worker's own Temporal client (activity context), no other deps. */
function createLeaseActivities() {
    return {
        /** Signal-with-start: queues the request at the environment's lessor, starting it if none runs. Idempotent. */
        async requestDeployLease(input) {
            const ctx = activity_1.Context.current();
            await ctx.client.workflow.signalWithStart('deployLeaseWorkflow', {
                workflowId: (0, deploy_lease_messages_1.leaseWorkflowId)(input.key),
                taskQueue: ctx.info.taskQueue,
                args: [input.lessor],
                signal: deploy_lease_messages_1.leaseRequestSignal,
                signalArgs: [input.request],
            });
        },
        /** The holders whose run has ended (or is unknown): their leases are free again. */
        async findGoneLeaseHolders(holders) {
            const client = activity_1.Context.current().client;
            const gone = [];
            for (const holder of holders) {
                try {
                    const { status } = await client.workflow.getHandle(holder.workflowId, holder.runId).describe();
                    if (status.name !== 'RUNNING')
                        gone.push(holder);
                }
                catch (err) {
                    if (err instanceof client_1.WorkflowNotFoundError)
                        gone.push(holder);
                    else
                        throw err;
                }
            }
            return gone;
        },
    };
}
//# sourceMappingURL=lease-activities.js.map