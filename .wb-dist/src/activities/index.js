"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createActivities = createActivities;
const analysis_activities_1 = require("./analysis-activities");
const build_activities_1 = require("./build-activities");
const deploy_activities_1 = require("./deploy-activities");
const lease_activities_1 = require("./lease-activities");
const notify_activities_1 = require("./notify-activities");
const package_activities_1 = require("./package-activities");
const plan_activities_1 = require("./plan-activities");
const preview_activities_1 = require("./preview-activities");
const promotion_activities_1 = require("./promotion-activities");
const scan_activities_1 = require("./scan-activities");
/** Every activity of Gantry, bound to its clients. The worker calls this once. */
function createActivities(deps) {
    return {
        ...(0, plan_activities_1.createPlanActivities)(deps),
        ...(0, build_activities_1.createBuildActivities)(deps),
        ...(0, package_activities_1.createPackageActivities)(deps),
        ...(0, scan_activities_1.createScanActivities)(deps),
        ...(0, deploy_activities_1.createDeployActivities)(deps),
        ...(0, notify_activities_1.createNotifyActivities)(deps),
        ...(0, analysis_activities_1.createAnalysisActivities)(deps),
        ...(0, lease_activities_1.createLeaseActivities)(),
        ...(0, preview_activities_1.createPreviewActivities)(deps),
        ...(0, promotion_activities_1.createPromotionActivities)(),
    };
}
//# sourceMappingURL=index.js.map