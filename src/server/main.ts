import { join } from 'node:path';
import { createGantryBoard } from '../board/gantry-board';
import { createAuthenticator } from '../auth/authenticator';
import { createGantryClient } from '../client/gantry-client';
import { createTemporalAnswers } from '../client/temporal-answers';
import { lazyTemporalClient } from '../client/temporal-client';
import { createTemporalGuard } from '../client/temporal-guard';
import { loadCatalog } from '../config/load-catalog';
import { loadSettings } from '../config/settings';
import { createFileLogStore } from '../integrations/log/file-log-store';
import { instrumentServer } from '../metrics/http-metrics';
import { startMetricsServer } from '../metrics/metrics-server';
import { createGantryMetrics } from '../metrics/registry';
import { createFeishuCallback } from './routes/feishu-routes';
import { createHttpServer } from './http-server';
import { runMain } from '../run-main';

/** The webhook/API server on its own (the Helm chart's server Deployment). */
async function main(): Promise<void> {
  const settings = loadSettings(process.env);
  const catalog = await loadCatalog(settings.catalogPath);
  // Refuses to start when the loopback mode is asked for on a non-loopback address (the chart sets oidc).
  const authenticator = createAuthenticator({ settings, catalog });
  process.stdout.write(`[gantry] ${authenticator.describe()}\n`);
  // Lazy: a server that starts while Temporal is down serves 503 + Retry-After (and /readyz "not ready") and
  // recovers by itself when Temporal comes, instead of exiting at connect.
  const answers = createTemporalAnswers();
  const client = lazyTemporalClient(settings.temporal, answers);
  const gantry = createGantryClient(client, settings.temporal.taskQueue, { buildTaskQueue: settings.buildTaskQueue });
  // One view of "Temporal answers" for the API (503 + Retry-After while it does not) and /readyz.
  const temporal = createTemporalGuard(client.connection, { answers });
  const metrics = createGantryMetrics({ processMetrics: true });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const board = createGantryBoard({ settings, catalog, gantry, log });
  const server = instrumentServer(
    createHttpServer({
      gantry,
      catalog,
      logs: createFileLogStore(join(settings.dataDir, 'logs')),
      gitlabToken: settings.gitlabToken,
      githubSecret: settings.integrations.githubSecret,
      feishuCallback: createFeishuCallback(settings, catalog, gantry),
      auth: { authenticator, settings },
      repoBase: settings.repoBase,
      board,
      temporal,
      log,
    }),
    metrics,
  );
  // Operations port apart from the API, so an Ingress never exposes /metrics.
  const ops =
    settings.metrics.port > 0
      ? await startMetricsServer({
          registry: metrics.registry,
          ready: () => temporal.readiness(),
          host: settings.metrics.host,
          port: settings.metrics.port,
        })
      : undefined;
  server.listen(settings.http.port, settings.http.host);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      // Open event streams would keep server.close() waiting forever.
      board.close();
      server.close(() => void Promise.all([ops?.close(), client.connection.close()]));
    });
  }
}

runMain(main);
