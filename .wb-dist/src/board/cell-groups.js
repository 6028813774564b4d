"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.cellGroups = cellGroups;
exports.shortDigestOrTag = shortDigestOrTag;
const release_status_1 = require("../domain/release-status");
const release_status_2 = require("./release-status");
/** Which status filters a cell answers to: waiting (on a timer or a person), stuck, failed, running. */
function cellGroups(cell, now) {
    const release = cell?.release;
    if (!release)
        return [];
    const groups = [];
    if (release.running && (0, release_status_1.isInProgress)(release.status))
        groups.push('running');
    if ((0, release_status_1.isWaiting)(release.status))
        groups.push('waiting');
    if ((0, release_status_2.isFailedStatus)(release.status))
        groups.push('failed');
    if (release.running && !(0, release_status_1.isWaiting)(release.status)) {
        if (now - (0, release_status_1.busySince)(release.progress?.stages ?? [], release.startTime) > release_status_2.STUCK_AFTER_MS)
            groups.push('stuck');
    }
    return groups;
}
/** "sha256:0123456789ab" for a digest-pinned reference, else the last segment ("orders:v1"): what fits in a cell. */
function shortDigestOrTag(ref) {
    const digest = ref.match(/@(sha256:[0-9a-f]{12})/);
    if (digest)
        return digest[1];
    const lastSlash = ref.lastIndexOf('/');
    return ref.slice(lastSlash + 1);
}
//# sourceMappingURL=cell-groups.js.map