"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createPromotionActivities = createPromotionActivities;
const activity_1 = require("@temporalio/activity");
const healthy_runs_1 = require("../client/healthy-runs");
/** What ran healthy where, for the release workflow's own promotion check (visibility, through the worker's client). */
function createPromotionActivities() {
    return {
        /** The source environment's healthy runs, newest first: the release decides with src/domain/promotion.ts. */
        async healthyRunsIn(input) {
            return (0, healthy_runs_1.healthyRuns)(activity_1.Context.current().client, input.service, input.environment);
        },
    };
}
//# sourceMappingURL=promotion-activities.js.map