"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createPackageActivities = createPackageActivities;
const errors_1 = require("../errors");
const activity_io_1 = require("./activity-io");
function createPackageActivities(deps) {
    return {
        /** The pipeline's `package` step, instead of `image`: packs the build output and stores it content-addressed. */
        async buildPackage(input) {
            const { signal, heartbeat } = (0, activity_io_1.activityIo)();
            const logId = `${(0, activity_io_1.currentWorkflowId)()}/package`;
            if (!deps.packages) {
                throw (0, errors_1.nonRetryable)(errors_1.ErrorType.PackageBuildFailed, 'the catalog asks for a package but this worker has no package store', {
                    logId,
                });
            }
            try {
                return await deps.packages.publish({ ...input, executionId: (0, activity_io_1.executionId)('package'), logId }, { signal, heartbeat });
            }
            catch (err) {
                if (signal.aborted)
                    throw err;
                throw (0, errors_1.nonRetryable)(errors_1.ErrorType.PackageBuildFailed, `package build failed: ${err.message}`, {
                    logId,
                    tail: await deps.logs.tail(logId),
                });
            }
        },
    };
}
//# sourceMappingURL=package-activities.js.map