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
exports.parkedBareWorkflow = parkedBareWorkflow;
// Workflow code for the window-opening bench: the release bench's bundle plus a bare workflow parked on a timer.
const workflow_1 = require("@temporalio/workflow");
const activity_proxies_1 = require("../src/workflows/activity-proxies");
__exportStar(require("./bench-workflows"), exports);
const noop = activity_proxies_1.quick;
/**
 * The baseline for a window opening: `before` no-op activities (a release plans and announces before parking),
 * one durable timer to `openAtMs` shared by all, then `after` no-op activities (what a release does once open).
 */
async function parkedBareWorkflow(openAtMs, before, after) {
    for (let i = 0; i < before; i++)
        await noop.benchNoop(i);
    await (0, workflow_1.sleep)(Math.max(1, openAtMs - Date.now()));
    for (let i = 0; i < after; i++)
        await noop.benchNoop(before + i);
    return before + after;
}
//# sourceMappingURL=window-bench-workflows.js.map