import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { ActivityDeps } from '../activities';
import { temporalTls } from '../client/temporal-client';
import type { Settings } from '../config/settings';
import { withMetrics } from '../metrics/notifier-metrics';
import {
  sdkMetricsTelemetry,
  startWorkerObservability,
  temporalReachable,
  workerReadiness,
} from '../metrics/observability';
import type { GantryMetrics } from '../metrics/registry';
import { createGantryWorker } from './create-worker';

/** The SDK's Prometheus exporter lives in the native runtime: install it before the first connection. */
export function installRuntime(settings: Settings, opts: { quiet?: boolean } = {}): void {
  const { host, sdkPort } = settings.metrics;
  Runtime.install({
    ...(opts.quiet ? { logger: new DefaultLogger('WARN') } : {}),
    ...(sdkPort > 0 ? { telemetryOptions: sdkMetricsTelemetry(`${host}:${sdkPort}`) } : {}),
  });
}

/**
 * A Gantry worker with its operations endpoints (/metrics, /healthz, /readyz, queue backlog): shared by the worker
 * process and the embedded all-in-one. The endpoints come up before the worker, so liveness answers while the
 * workflow bundle loads; readiness says "starting" until the worker exists.
 */
export async function startWorkerProcess(opts: {
  settings: Settings;
  deps: ActivityDeps;
  metrics: GantryMetrics;
  log: (line: string) => void;
}) {
  const { settings, metrics } = opts;
  const connection = await NativeConnection.connect({
    address: settings.temporal.address,
    tls: temporalTls(settings.temporal),
  });
  const started: { worker?: Worker } = {};
  const temporalUp = temporalReachable(connection);
  const ops =
    settings.metrics.port > 0
      ? await startWorkerObservability({
          metrics,
          host: settings.metrics.host,
          port: settings.metrics.port,
          ready: () =>
            started.worker
              ? workerReadiness(started.worker, temporalUp)()
              : Promise.resolve({ ready: false, detail: 'starting' }),
          workflowService: connection.workflowService,
          namespace: settings.temporal.namespace,
          taskQueues: [settings.temporal.taskQueue],
          backlogIntervalMs: settings.metrics.backlogIntervalMs,
          log: opts.log,
        })
      : undefined;
  const worker = (started.worker = await createGantryWorker({
    connection,
    namespace: settings.temporal.namespace,
    taskQueue: settings.temporal.taskQueue,
    deps: { ...opts.deps, notifier: withMetrics(opts.deps.notifier, metrics) },
    maxConcurrentActivityTaskExecutions: settings.maxConcurrentActivities,
    workflowBundlePath: settings.workflowBundlePath,
  }));
  return {
    worker,
    metricsPort: ops?.port,
    async close(): Promise<void> {
      await ops?.close();
      await connection.close();
    },
  };
}
