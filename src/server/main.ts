import { join } from 'node:path';
import { createGantryClient } from '../client/gantry-client';
import { connectTemporal } from '../client/temporal-client';
import { loadCatalog } from '../config/load-catalog';
import { loadSettings } from '../config/settings';
import { createFileLogStore } from '../integrations/log/file-log-store';
import { instrumentServer } from '../metrics/http-metrics';
import { startMetricsServer } from '../metrics/metrics-server';
import { temporalReachable } from '../metrics/observability';
import { createGantryMetrics } from '../metrics/registry';
import { createFeishuRoute } from './feishu-route';
import { createHttpServer } from './http-server';
import { runMain } from '../run-main';

/** The webhook/API server on its own (the Helm chart's server Deployment). */
async function main(): Promise<void> {
  const settings = loadSettings(process.env);
  const catalog = await loadCatalog(settings.catalogPath);
  const client = await connectTemporal(settings.temporal);
  const gantry = createGantryClient(client, settings.temporal.taskQueue, { buildTaskQueue: settings.buildTaskQueue });
  const metrics = createGantryMetrics({ processMetrics: true });
  const server = instrumentServer(
    createHttpServer({
      gantry,
      catalog,
      logs: createFileLogStore(join(settings.dataDir, 'logs')),
      gitlabToken: settings.gitlabToken,
      githubSecret: settings.integrations.githubSecret,
      feishuCallback: createFeishuRoute(settings, catalog, gantry),
      repoBase: settings.repoBase,
      log: (line) => process.stdout.write(`${line}\n`),
    }),
    metrics,
  );
  // Operations port apart from the API, so an Ingress never exposes /metrics.
  const ops =
    settings.metrics.port > 0
      ? await startMetricsServer({
          registry: metrics.registry,
          ready: temporalReachable(client.workflowService),
          host: settings.metrics.host,
          port: settings.metrics.port,
        })
      : undefined;
  server.listen(settings.http.port, settings.http.host);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => server.close(() => void Promise.all([ops?.close(), client.connection.close()])));
  }
}

runMain(main);
