"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.isStoppable = exports.isUnsuccessful = exports.isInProgress = exports.isWaiting = exports.isPromotable = exports.isFinished = exports.isChanging = exports.nothingChanged = exports.WAITING = void 0;
exports.busySince = busySince;
exports.decisionsFor = decisionsFor;
/**
 * The status groups every reader of a release agrees on: the workflow's validators decide with them, the Feishu
 * card offers buttons by them, and the CLI and client stop following or filter by them.
 */
/** Nothing has been changed yet: a newer image replaces the request instead of queueing, abort needs no undo. */
const NOTHING_CHANGED = ['pending', 'waiting-for-window'];
/** The world has been changed (or is being changed): a rollback makes sense. */
const CHANGING = ['deploying-gray', 'baking', 'waiting-for-promotion', 'deploying-full'];
/** The run is over: nothing is left to decide or stop. */
const FINISHED = ['succeeded', 'failed', 'rolled-back', 'aborted', 'superseded'];
/** Gray is up and a promote takes it to full. */
const PROMOTABLE = ['baking', 'waiting-for-promotion'];
/** Waiting on purpose, on a timer or a person: a long wait here is not "stuck". */
exports.WAITING = ['waiting-for-window', 'baking', 'waiting-for-promotion'];
/** Not over yet: everything before FINISHED, a rollback in progress included. */
const IN_PROGRESS = [...NOTHING_CHANGED, ...CHANGING, 'rolling-back'];
/** Finished without the release in place: what the board's "failed" filter shows. */
const UNSUCCESSFUL = ['failed', 'rolled-back'];
const within = (group) => (status) => group.includes(status);
exports.nothingChanged = within(NOTHING_CHANGED);
exports.isChanging = within(CHANGING);
/** Takes any status string, so pipeline statuses (`succeeded`, `failed`) answer the same way. */
exports.isFinished = within(FINISHED);
exports.isPromotable = within(PROMOTABLE);
exports.isWaiting = within(exports.WAITING);
exports.isInProgress = within(IN_PROGRESS);
exports.isUnsuccessful = within(UNSUCCESSFUL);
/** A release that can still be stopped: a rollback in progress cannot (it would leave the service half way). */
const isStoppable = (status) => (0, exports.nothingChanged)(status) || (0, exports.isChanging)(status);
exports.isStoppable = isStoppable;
/**
 * When the release's current stage started (the run's start before any stage has): a release not waiting on
 * purpose and busy since longer than a threshold is "stuck" (the API's filter and the board's).
 */
function busySince(stages, runStart) {
    const stage = stages.find((s) => s.state === 'running') ?? stages.find((s) => s.state === 'pending');
    return Date.parse(stage?.startedAt ?? runStart);
}
/** The decisions that make sense in a status, as the card and the board offer them; the workflow's validators
 * still have the last word. */
function decisionsFor(status) {
    const out = [];
    if (status === 'waiting-for-window')
        out.push('approve');
    if ((0, exports.isPromotable)(status))
        out.push('promote');
    if ((0, exports.isChanging)(status))
        out.push('rollback');
    // Aborting a rollback would leave the service half way; finished releases have nothing left to stop.
    if ((0, exports.isStoppable)(status))
        out.push('abort');
    return out;
}
//# sourceMappingURL=release-status.js.map