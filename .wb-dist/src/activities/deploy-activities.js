"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createDeployActivities = createDeployActivities;
const errors_1 = require("../errors");
const deploy_target_1 = require("../ports/deploy-target");
const activity_io_1 = require("./activity-io");
function createDeployActivities(deps) {
    return {
        async readDeployment(ref) {
            const { signal, heartbeat } = (0, activity_io_1.activityIo)();
            return deps.gitOps.read(ref.service, ref.environment, undefined, { signal, heartbeat });
        },
        /** Idempotent by changeId: a retry or a replayed worker finds the earlier commit instead of committing again. */
        async commitDeployment(change) {
            const { signal, heartbeat } = (0, activity_io_1.activityIo)();
            return deps.gitOps.commit(change, { signal, heartbeat });
        },
        /** A retry (after a worker stop) finds the operation its earlier attempt started instead of syncing again. */
        async syncDeployment(input) {
            const { signal, heartbeat, detached, previous, attempt } = (0, activity_io_1.activityIo)();
            // Any retry may follow a request that reached the target before its worker stopped, heartbeat or not.
            const resume = progressOf(previous) ?? (attempt > 1 ? {} : undefined);
            try {
                await deps.target.sync(input, input.revision, { signal, heartbeat, detached, resume });
            }
            catch (err) {
                if (err instanceof deploy_target_1.DeployError)
                    throw await failure(err, `${(0, activity_io_1.currentWorkflowId)()}/sync`);
                throw (0, activity_io_1.detachedAsRetry)(err);
            }
        },
        /**
         * Heartbeats the revision it waits for and when it began: a retry on another worker re-attaches to the same
         * operation with the same deadline. `revision` (optional) names the synced GitOps commit.
         */
        async waitHealthy(input) {
            const { signal, heartbeat, detached, previous } = (0, activity_io_1.activityIo)();
            const resume = { ...(input.revision ? { revision: input.revision } : {}), ...progressOf(previous) };
            try {
                await deps.target.waitHealthy(input, input.expected, input.timeoutMs, { signal, heartbeat, detached, resume });
            }
            catch (err) {
                if (err instanceof deploy_target_1.DeployError)
                    throw await failure(err, `${(0, activity_io_1.currentWorkflowId)()}/${input.step}-health`);
                throw (0, activity_io_1.detachedAsRetry)(err);
            }
        },
    };
    /** The whole diagnosis goes to the log store; history only carries its tail and the id. */
    async function failure(err, logId) {
        const writer = deps.logs.open(logId);
        writer.write(`${err.message}\n${err.diagnosis.message}\n${err.diagnosis.output}\n`);
        await writer.close();
        return (0, errors_1.nonRetryable)(err.kind === 'timeout' ? errors_1.ErrorType.HealthTimeout : errors_1.ErrorType.DeployFailed, err.message, {
            logId,
            tail: await deps.logs.tail(logId),
        });
    }
}
/** The progress an earlier attempt heartbeated, if it is one (heartbeat details are untyped on the wire). */
function progressOf(details) {
    if (!details || typeof details !== 'object')
        return undefined;
    const { revision, startedAt } = details;
    return {
        ...(typeof revision === 'string' ? { revision } : {}),
        ...(typeof startedAt === 'number' ? { startedAt } : {}),
    };
}
//# sourceMappingURL=deploy-activities.js.map