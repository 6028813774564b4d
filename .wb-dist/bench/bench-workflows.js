"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __exportStar = (this && this.__exportStar) || function(m, exports) {
    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.bareWorkflow = bareWorkflow;
// Workflow code for the benchmark bundle: Gantry's real workflows plus the bare baseline. Runs in the workflow
// sandbox, so it imports only workflow-safe modules.
const activity_proxies_1 = require("../src/workflows/activity-proxies");
__exportStar(require("../src/workflows"), exports);
// The very proxies the release workflow uses: a proxy schedules any activity name with its options, so each bare
// step gets exactly the timeouts and retry policy of the release step it stands in for.
const proxies = { quick: activity_proxies_1.quick, long: activity_proxies_1.long, notify: activity_proxies_1.notify };
/** The baseline: the same number of sequential activities as one release, each a no-op, and nothing else. */
async function bareWorkflow(steps) {
    for (const [i, step] of steps.entries())
        await proxies[step].benchNoop(i);
    return steps.length;
}
//# sourceMappingURL=bench-workflows.js.map