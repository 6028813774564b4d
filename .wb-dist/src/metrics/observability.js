"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.sdkMetricsTelemetry = sdkMetricsTelemetry;
exports.temporalReachable = temporalReachable;
exports.workerReadiness = workerReadiness;
exports.startWorkerObservability = startWorkerObservability;
const backlog_poller_1 = require("./backlog-poller");
const deadline_1 = require("../server/deadline");
const metrics_server_1 = require("./metrics-server");
/**
 * The Temporal SDK's own metrics (task slots, schedule-to-start latency, activity failures, sticky cache…), served
 * by the native runtime at `http://<bindAddress>/metrics` (9465 in the chart). Pass to Runtime.install() before the
 * first NativeConnection. Durations in seconds, so the dashboard treats SDK and Gantry histograms alike; names keep
 * the SDK's defaults (prefix `temporal_`, no `_total` or unit suffix).
 */
function sdkMetricsTelemetry(bindAddress) {
    return { metrics: { prometheus: { bindAddress, useSecondsForDurations: true } } };
}
/**
 * Temporal answers (GetSystemInfo is the cheapest call every server supports) within `timeoutMs`. Its own deadline:
 * without one the SDK retries a dead connection for ~20 s, each kubelet probe leaves such a call behind, and the
 * ops port's 3 s cut-off would report "check took too long" instead of why.
 */
function temporalReachable(temporal, timeoutMs = 1000) {
    return async () => {
        const probe = temporal.withDeadline(Date.now() + timeoutMs, () => temporal.workflowService.getSystemInfo({}));
        // The deadline ends the call; the race answers on time even if the runtime honours it late.
        const answer = await (0, deadline_1.withinDeadline)(probe.then(() => ({ ready: true }), (err) => ({ ready: false, detail: `Temporal unreachable: ${err.message.split('\n')[0]}` })), timeoutMs + 100);
        return answer === deadline_1.DEADLINE_PASSED
            ? { ready: false, detail: `Temporal unreachable: no answer within ${timeoutMs} ms` }
            : answer;
    };
}
/** A worker is ready while it polls (RUNNING) and its Temporal server answers. */
function workerReadiness(worker, temporal) {
    return async () => {
        const state = worker.getState();
        if (state !== 'RUNNING')
            return { ready: false, detail: `worker is ${state}` };
        return temporal();
    };
}
/** The worker's operations port plus the backlog poller; close() stops both. */
async function startWorkerObservability(opts) {
    const server = await (0, metrics_server_1.startMetricsServer)({ registry: opts.metrics.registry, ...opts });
    const poller = (0, backlog_poller_1.startBacklogPoller)({
        workflowService: opts.workflowService,
        namespace: opts.namespace,
        taskQueues: opts.taskQueues,
        metrics: opts.metrics,
        intervalMs: opts.backlogIntervalMs,
        log: opts.log,
    });
    return {
        port: server.port,
        close: async () => {
            poller.stop();
            await server.close();
        },
    };
}
//# sourceMappingURL=observability.js.map