import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createGantryClient } from '../client/gantry-client';
import { connectTemporal, temporalTls } from '../client/temporal-client';
import { ConfigError, loadCatalog } from '../config/load-catalog';
import { loadSettings } from '../config/settings';
import { instrumentServer } from '../metrics/http-metrics';
import { withMetrics } from '../metrics/notifier-metrics';
import {
  sdkMetricsTelemetry,
  startWorkerObservability,
  temporalReachable,
  workerReadiness,
} from '../metrics/observability';
import { createGantryMetrics } from '../metrics/registry';
import { runGit } from '../integrations/git/run-git';
import { createFeishuRoute } from '../server/feishu-route';
import { createHttpServer } from '../server/http-server';
import { createEmbeddedDependencies } from '../workers/embedded-dependencies';
import { createGantryWorker } from '../workers/create-worker';
import { localPortOf } from '../workers/local-ports';
import { startDevServer } from './dev-server';
import { ensureExampleRepos } from './example-repos';
import { restoreDeployments } from './restore-deployments';
import { temporalBinary } from './temporal-binaries';

const log = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `npm start`: the whole system on one machine — Temporal dev server with UI, worker, webhook/API server, local
 * executor and deploy target, example services as local Git repos.
 */
async function main(): Promise<void> {
  const settings = loadSettings(process.env);
  // The worker's own chatter (bundling, state changes) is noise here; warnings still show.
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    ...(settings.metrics.sdkPort > 0
      ? { telemetryOptions: sdkMetricsTelemetry(`${settings.metrics.host}:${settings.metrics.sdkPort}`) }
      : {}),
  });
  const metrics = createGantryMetrics({ processMetrics: true });
  const catalog = await loadCatalog(settings.catalogPath);
  const dev = await startDevServer({
    binary: temporalBinary('cli'),
    dataDir: join(settings.dataDir, 'temporal'),
    address: settings.temporal.address,
    uiUrl: settings.temporal.uiUrl,
    log,
  });
  log(`[gantry] Temporal dev server on ${dev.address}, UI at ${dev.uiUrl}`);

  const hookUrl = `${settings.http.publicUrl}/hooks/gitlab`;
  const created = await ensureExampleRepos({
    catalog,
    examplesDir: resolve(__dirname, '../../../examples'),
    reposDir: join(settings.dataDir, 'repos'),
    hookUrl,
    gitlabToken: settings.gitlabToken,
  });

  const deps = createEmbeddedDependencies(settings, catalog, log);
  if (settings.integrations.deployTarget.kind === 'local') {
    await restoreDeployments({ catalog, gitOpsRemote: settings.gitOpsRemote, target: deps.target, log });
  }
  const connection = await NativeConnection.connect({
    address: settings.temporal.address,
    tls: temporalTls(settings.temporal),
  });
  const worker = await createGantryWorker({
    connection,
    namespace: settings.temporal.namespace,
    taskQueue: settings.temporal.taskQueue,
    deps: { ...deps, notifier: withMetrics(deps.notifier, metrics) },
    maxConcurrentActivityTaskExecutions: settings.maxConcurrentActivities,
    workflowBundlePath: settings.workflowBundlePath,
  });
  const client = await connectTemporal(settings.temporal);
  const gantry = createGantryClient(client, settings.temporal.taskQueue, { buildTaskQueue: settings.buildTaskQueue });
  const server: Server = instrumentServer(
    createHttpServer({
      gantry,
      catalog,
      logs: deps.logs,
      gitlabToken: settings.gitlabToken,
      githubSecret: settings.integrations.githubSecret,
      feishuCallback: createFeishuRoute(settings, catalog, gantry),
      repoBase: settings.repoBase,
      log,
    }),
    metrics,
  );
  // One process, one registry: release, queue and HTTP metrics together on the operations port.
  const ops =
    settings.metrics.port > 0
      ? await startWorkerObservability({
          metrics,
          host: settings.metrics.host,
          port: settings.metrics.port,
          ready: workerReadiness(worker, temporalReachable(connection.workflowService)),
          workflowService: connection.workflowService,
          namespace: settings.temporal.namespace,
          taskQueues: [settings.temporal.taskQueue],
          backlogIntervalMs: settings.metrics.backlogIntervalMs,
          log,
        })
      : undefined;
  if (ops) log(`[gantry] metrics on http://${settings.metrics.host}:${ops.port}/metrics`);
  await new Promise<void>((r) => server.listen(settings.http.port, settings.http.host, r));
  log(`[gantry] API and webhooks on ${settings.http.publicUrl} (GitLab push hook: ${hookUrl})`);

  const running = worker.run();
  log(`[gantry] worker polling task queue "${settings.temporal.taskQueue}"`);
  log(`[gantry] example repos under ${join(settings.dataDir, 'repos')}; try: ./gantry list --filter all`);
  const portOf = localPortOf(catalog, settings.localBasePort);
  for (const service of Object.keys(catalog.services)) {
    const urls = Object.keys(catalog.environments).map((environment) => {
      const ref = { service, environment };
      return `${environment} :${portOf(ref, 'stable')} (gray :${portOf(ref, 'gray')})`;
    });
    log(`[gantry] ${service} runs locally at http://127.0.0.1 — ${urls.join(', ')}`);
  }

  // First run: build the first example for dev so there is something to watch right away.
  const first = created[0];
  if (first) {
    const repo = `file://${join(settings.dataDir, 'repos', catalog.services[first]!.repo)}`;
    const commit = (await runGit(['ls-remote', repo, 'refs/heads/dev'])).split('\t')[0]!;
    const { workflowId } = await gantry.startPipeline({
      service: first,
      environment: 'dev',
      commit,
      triggeredBy: 'gantry',
    });
    log(`[gantry] first run: started CI ${workflowId}; follow it with ./gantry ci ${first} dev ${commit} --follow`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`[gantry] ${signal}: shutting down (releases in flight resume on the next start)`);
    server.close();
    await ops?.close();
    worker.shutdown();
    await running.catch(() => undefined);
    await deps.stop();
    await connection.close();
    await client.connection.close();
    await dev.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await running;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err))}\n`);
  process.exit(1);
});
