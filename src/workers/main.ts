import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { temporalTls } from '../client/temporal-client';
import { ConfigError, loadCatalog } from '../config/load-catalog';
import { loadSettings } from '../config/settings';
import { createGantryMetrics } from '../metrics/registry';
import { withMetrics } from '../metrics/notifier-metrics';
import {
  sdkMetricsTelemetry,
  startWorkerObservability,
  temporalReachable,
  workerReadiness,
} from '../metrics/observability';
import { createGantryWorker } from './create-worker';
import { createEmbeddedDependencies } from './embedded-dependencies';

const log = (line: string) => process.stdout.write(`${line}\n`);

/** A worker process on its own (the Helm chart's worker Deployments), against an existing Temporal cluster. */
async function main(): Promise<void> {
  const settings = loadSettings(process.env);
  // The SDK's exporter lives in the native runtime: it must be installed before the first connection.
  if (settings.metrics.sdkPort > 0) {
    Runtime.install({
      telemetryOptions: sdkMetricsTelemetry(`${settings.metrics.host}:${settings.metrics.sdkPort}`),
    });
  }
  const catalog = await loadCatalog(settings.catalogPath);
  const metrics = createGantryMetrics({ processMetrics: true });
  const deps = createEmbeddedDependencies(settings, catalog);
  const connection = await NativeConnection.connect({
    address: settings.temporal.address,
    tls: temporalTls(settings.temporal),
  });
  // Filled in once created; readiness says "starting" until then.
  const started: { worker?: Worker } = {};
  const temporalUp = temporalReachable(connection.workflowService);
  // Up before the worker is created, so liveness answers while the workflow bundle loads.
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
          log,
        })
      : undefined;
  const worker = (started.worker = await createGantryWorker({
    connection,
    namespace: settings.temporal.namespace,
    taskQueue: settings.temporal.taskQueue,
    deps: { ...deps, notifier: withMetrics(deps.notifier, metrics) },
    maxConcurrentActivityTaskExecutions: settings.maxConcurrentActivities,
    workflowBundlePath: settings.workflowBundlePath,
  }));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
  await worker.run();
  await ops?.close();
  await deps.stop();
  await connection.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err))}\n`);
  process.exit(1);
});
