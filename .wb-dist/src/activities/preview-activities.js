"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createPreviewActivities = createPreviewActivities;
const errors_1 = require("../errors");
const deploy_target_1 = require("../ports/deploy-target");
const activity_io_1 = require("./activity-io");
/** The preview's own log (merge request events, its URL, teardown), and the place it deploys to. */
function createPreviewActivities(deps) {
    /** Refusals (DeployError) end the attempt for good, with the target's reason; outages are retried. */
    const onTarget = async (fn) => {
        const io = (0, activity_io_1.activityIo)();
        try {
            return await fn(io);
        }
        catch (err) {
            if (err instanceof deploy_target_1.DeployError)
                throw (0, errors_1.nonRetryable)(errors_1.ErrorType.DeployFailed, err.message);
            throw (0, activity_io_1.detachedAsRetry)(err);
        }
    };
    return {
        async appendPreviewLog(input) {
            const writer = deps.logs.open(input.logId);
            writer.write(`[preview] ${new Date().toISOString()} ${input.line}\n`);
            await writer.close();
        },
        /** Its own Argo CD app and namespace, or its own port (local): where the preview answers, when the target says. */
        openPreviewEnvironment: (input) => onTarget(async (io) => (await deps.target.openEnvironment?.(input, input, io)) ?? {}),
        /** After the teardown sync: the app (with its resources) or the port goes. */
        closePreviewEnvironment: (input) => onTarget(async (io) => {
            await deps.target.closeEnvironment?.(input, io);
        }),
    };
}
//# sourceMappingURL=preview-activities.js.map