"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.STUCK_AFTER_MS = exports.FILTER_STATUSES = exports.isFailedStatus = void 0;
exports.statusLook = statusLook;
exports.stageLook = stageLook;
const release_status_1 = require("../domain/release-status");
/**
 * Release statuses as the board groups them: for the filters, the labels and the colours (never colour alone).
 * The groups are the domain's (src/domain/release-status.ts); the board adds only Temporal's own end states.
 */
/** A run Temporal ended from outside (the list reports its execution status instead of the release's). */
const ENDED_FROM_OUTSIDE = new Set(['terminated', 'timed_out']);
const isFailedStatus = (status) => (0, release_status_1.isUnsuccessful)(status) || ENDED_FROM_OUTSIDE.has(status);
exports.isFailedStatus = isFailedStatus;
/** Statuses the filter offers. */
exports.FILTER_STATUSES = ['waiting', 'stuck', 'failed', 'running'];
/** A running stage busy longer than this without waiting on purpose counts as stuck (as `list --filter stuck`). */
exports.STUCK_AFTER_MS = 15 * 60_000;
function statusLook(status) {
    if (status === 'succeeded')
        return { tone: 'ok', icon: '✔', label: 'succeeded' };
    if ((0, exports.isFailedStatus)(status))
        return { tone: 'bad', icon: '✖', label: status.replace(/[-_]/g, ' ') };
    if ((0, release_status_1.isWaiting)(status))
        return { tone: 'wait', icon: '‖', label: status.replace(/-/g, ' ') };
    if ((0, release_status_1.isInProgress)(status))
        return { tone: 'busy', icon: '▶', label: status.replace(/-/g, ' ') };
    return { tone: 'idle', icon: '•', label: status.replace(/[-_]/g, ' ') };
}
/** Stages and pipelines use their own few states. */
function stageLook(state) {
    if (state === 'running')
        return { tone: 'busy', icon: '▶', label: 'running' };
    if (state === 'waiting')
        return { tone: 'wait', icon: '‖', label: 'waiting' };
    if (state === 'pending')
        return { tone: 'idle', icon: '•', label: 'pending' };
    return statusLook(state);
}
//# sourceMappingURL=release-status.js.map