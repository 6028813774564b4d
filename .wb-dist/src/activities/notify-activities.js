"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createNotifyActivities = createNotifyActivities;
function createNotifyActivities(deps) {
    return {
        async notifyRelease(event) {
            return (await deps.notifier.notify(event)) ?? {};
        },
    };
}
//# sourceMappingURL=notify-activities.js.map