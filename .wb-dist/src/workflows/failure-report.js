"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.toErrorReport = toErrorReport;
const workflow_1 = require("@temporalio/workflow");
/** Digs the typed application failure out of activity/child wrappers, for progress and notifications. */
function toErrorReport(err) {
    let cause = err;
    while (cause instanceof workflow_1.ActivityFailure || cause instanceof workflow_1.ChildWorkflowFailure)
        cause = cause.cause;
    if (cause instanceof workflow_1.ApplicationFailure) {
        const output = (cause.details?.[0] ?? {});
        return { type: cause.type ?? 'Error', message: cause.message, tail: output.tail, logId: output.logId };
    }
    if (cause instanceof workflow_1.CancelledFailure)
        return { type: 'Cancelled', message: cause.message || 'cancelled' };
    return { type: 'Error', message: cause instanceof Error ? cause.message : String(cause) };
}
//# sourceMappingURL=failure-report.js.map