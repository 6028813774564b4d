"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEADLINE_PASSED = void 0;
exports.withinDeadline = withinDeadline;
/** What `withinDeadline` resolves to when the work did not finish in time. */
exports.DEADLINE_PASSED = Symbol('deadline passed');
/**
 * Races work against a deadline: senders (GitLab, GitHub, Feishu, probes) give up after a few seconds, so the
 * answer must not wait longer. The work keeps running; a rejection after the deadline is handled (race() subscribes
 * to it), so it never surfaces as unhandled.
 */
async function withinDeadline(work, ms) {
    let timer;
    const late = new Promise((resolve) => {
        timer = setTimeout(() => resolve(exports.DEADLINE_PASSED), ms);
    });
    try {
        return await Promise.race([work, late]);
    }
    finally {
        clearTimeout(timer);
    }
}
//# sourceMappingURL=deadline.js.map