"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.installRuntime = installRuntime;
exports.startWorkerProcess = startWorkerProcess;
const worker_1 = require("@temporalio/worker");
const temporal_client_1 = require("../client/temporal-client");
const notifier_metrics_1 = require("../metrics/notifier-metrics");
const observability_1 = require("../metrics/observability");
const create_worker_1 = require("./create-worker");
/** The SDK's Prometheus exporter lives in the native runtime: install it before the first connection. */
function installRuntime(settings, opts = {}) {
    const { host, sdkPort } = settings.metrics;
    worker_1.Runtime.install({
        ...(opts.quiet ? { logger: new worker_1.DefaultLogger('WARN') } : {}),
        ...(sdkPort > 0 ? { telemetryOptions: (0, observability_1.sdkMetricsTelemetry)(`${host}:${sdkPort}`) } : {}),
    });
}
/**
 * A Gantry worker with its operations endpoints (/metrics, /healthz, /readyz, queue backlog): shared by the worker
 * process and the embedded all-in-one. The endpoints come up before the worker, so liveness answers while the
 * workflow bundle loads; readiness says "starting" until the worker exists.
 */
async function startWorkerProcess(opts) {
    const { settings, metrics } = opts;
    const connection = await worker_1.NativeConnection.connect({
        address: settings.temporal.address,
        tls: (0, temporal_client_1.temporalTls)(settings.temporal),
    });
    const started = {};
    const temporalUp = (0, observability_1.temporalReachable)(connection);
    const ops = settings.metrics.port > 0
        ? await (0, observability_1.startWorkerObservability)({
            metrics,
            host: settings.metrics.host,
            port: settings.metrics.port,
            ready: () => started.worker
                ? (0, observability_1.workerReadiness)(started.worker, temporalUp)()
                : Promise.resolve({ ready: false, detail: 'starting' }),
            workflowService: connection.workflowService,
            namespace: settings.temporal.namespace,
            taskQueues: [settings.temporal.taskQueue],
            backlogIntervalMs: settings.metrics.backlogIntervalMs,
            log: opts.log,
        })
        : undefined;
    const worker = (started.worker = await (0, create_worker_1.createGantryWorker)({
        connection,
        namespace: settings.temporal.namespace,
        taskQueue: settings.temporal.taskQueue,
        deps: { ...opts.deps, notifier: (0, notifier_metrics_1.withMetrics)(opts.deps.notifier, metrics) },
        maxConcurrentActivityTaskExecutions: settings.maxConcurrentActivities,
        workflowBundlePath: settings.workflowBundlePath,
    }));
    return {
        worker,
        metricsPort: ops?.port,
        async close() {
            await ops?.close();
            await connection.close();
        },
    };
}
//# sourceMappingURL=worker-process.js.map