"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.findStuckReleases = findStuckReleases;
const release_status_1 = require("../domain/release-status");
/** Running releases whose current stage has been busy longer than `olderThanMs` without waiting on purpose. */
async function findStuckReleases(gantry, olderThanMs, now = Date.now()) {
    const running = await gantry.listReleases('running');
    const stuck = [];
    for (const r of running.filter((r) => !(0, release_status_1.isWaiting)(r.status))) {
        const progress = await gantry.releaseProgress(r.service, r.environment);
        if (now - (0, release_status_1.busySince)(progress.stages, r.startTime) > olderThanMs)
            stuck.push(progress);
    }
    return stuck;
}
//# sourceMappingURL=stuck-releases.js.map