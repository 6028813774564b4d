"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.announce = announce;
const workflow_1 = require("@temporalio/workflow");
const activity_proxies_1 = require("./activity-proxies");
/** Posts (or updates) the release's chat card. Best effort: a chat outage is logged and never fails a release. */
async function announce(state, kind, mention = []) {
    try {
        const posted = await (0, activity_proxies_1.withSummary)(`notify ${kind}`, activity_proxies_1.notify.notifyRelease, {
            kind,
            progress: state.progress(),
            mention,
            cardRef: state.cardRef,
        });
        state.cardRef = posted.cardRef ?? state.cardRef;
    }
    catch (err) {
        workflow_1.log.warn('notification failed', { kind, error: err.message });
    }
}
//# sourceMappingURL=release-notifications.js.map