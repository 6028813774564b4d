import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import { createGantryBoard } from '../board/gantry-board';
import { createAuthenticator } from '../auth/authenticator';
import { createGantryClient } from '../client/gantry-client';
import { createTemporalAnswers } from '../client/temporal-answers';
import { lazyTemporalClient } from '../client/temporal-client';
import { loadCatalog } from '../config/load-catalog';
import { loadSettings, type Settings } from '../config/settings';
import { listTrackTargets } from '../integrations/local/track-records';
import { instrumentServer } from '../metrics/http-metrics';
import { createGantryMetrics } from '../metrics/registry';
import { runGit } from '../integrations/git/run-git';
import { createFeishuCallback } from '../server/routes/feishu-routes';
import { createHttpServer } from '../server/http-server';
import { createTemporalGuard } from '../client/temporal-guard';
import { createWorkerDependencies } from '../workers/worker-dependencies';
import { hostPortOf } from '../workers/service-host-ports';
import { installRuntime, startWorkerProcess } from '../workers/worker-process';
import { runMain } from '../run-main';
import { startDevServer } from './dev-server';
import { ensureExampleRepos } from './example-repos';
import { startPrometheus, type PrometheusServer } from './prometheus-server';
import { restoreDeployments } from './restore-deployments';
import { startSimulatedCluster } from './simulated-cluster';
import { temporalBinary } from './temporal-binaries';

const log = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `npm start`: the whole system on one machine — Temporal dev server with UI, worker, webhook/API server, local
 * executor and deploy target, example services as local Git repos.
 */
async function main(): Promise<void> {
  const base = loadSettings(process.env);
  // GANTRY_SIMULATE=1: Argo CD, SonarQube and Feishu doubles stand in for the real systems (demos).
  const cluster = base.simulate
    ? await startSimulatedCluster({ dataDir: base.dataDir, apiUrl: base.http.publicUrl, log, userEnv: process.env })
    : undefined;
  const settings = cluster ? loadSettings({ ...process.env, ...cluster.env }) : base;
  if (cluster) {
    log(`[gantry] simulated Argo CD on ${cluster.urls.argocd} (every app syncs healthy)`);
    log(`[gantry] simulated SonarQube on ${cluster.urls.sonarqube} (every analysis passes)`);
    log(`[gantry] simulated Feishu on ${cluster.urls.feishu} (cards print as [feishu] lines, JSON at /cards)`);
    const click = `'{"action":"promote","openId":"<feishuOpenId of a person in the catalog>"}'`;
    log(`[gantry] click a card button: curl -d ${click} ${cluster.urls.feishu}/cards/<message id>/click`);
  }
  // The worker's own chatter (bundling, state changes) is noise here; warnings still show.
  installRuntime(settings, { quiet: true });
  const metrics = createGantryMetrics({ processMetrics: true });
  const catalog = await loadCatalog(settings.catalogPath);
  const authenticator = createAuthenticator({ settings, catalog });
  log(`[gantry] ${authenticator.describe()}`);
  const dev = await startDevServer({
    binary: temporalBinary('cli'),
    dataDir: join(settings.dataDir, 'temporal'),
    address: settings.temporal.address,
    uiUrl: settings.temporal.uiUrl,
    namespace: settings.temporal.namespace,
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

  const prometheus = await startEmbeddedPrometheus(settings);
  const runDir = join(settings.dataDir, 'run');
  // Prometheus scrapes what runs now: every stable and gray copy, rewritten whenever a sync changes them.
  const refreshTargets = (): void => {
    if (!prometheus) return;
    listTrackTargets(runDir)
      .then((targets) => prometheus.setTargets(targets))
      .catch((err: unknown) => log(`[gantry] could not update Prometheus targets: ${(err as Error).message}`));
  };
  const workerSettings = prometheus
    ? { ...settings, prometheus: { ...settings.prometheus, url: prometheus.url } }
    : settings;
  const deps = createWorkerDependencies(workerSettings, catalog, log, { onTracksChanged: refreshTargets });
  if (settings.integrations.deployTarget.kind === 'local') {
    await restoreDeployments({
      catalog,
      gitOpsRemote: settings.gitOpsRemote,
      target: deps.target,
      previews: deps.openPreviews(),
      log,
    });
    refreshTargets();
  }
  // One process, one registry: release, queue and HTTP metrics together on the operations port.
  const workerProcess = await startWorkerProcess({ settings, deps, metrics, log });
  const { worker } = workerProcess;
  // Lazy, like the API server's: the API answers 503 while the dev server restarts instead of failing at connect.
  const answers = createTemporalAnswers();
  const client = lazyTemporalClient(settings.temporal, answers);
  const gantry = createGantryClient(client, settings.temporal.taskQueue, { buildTaskQueue: settings.buildTaskQueue });
  const board = createGantryBoard({ settings, catalog, gantry, log });
  const server: Server = instrumentServer(
    createHttpServer({
      gantry,
      catalog,
      logs: deps.logs,
      gitlabToken: settings.gitlabToken,
      githubSecret: settings.integrations.githubSecret,
      feishuCallback: createFeishuCallback(settings, catalog, gantry),
      auth: { authenticator, settings },
      repoBase: settings.repoBase,
      board,
      temporal: createTemporalGuard(client.connection, { answers }),
      log,
    }),
    metrics,
  );
  if (workerProcess.metricsPort) {
    log(`[gantry] metrics on http://${settings.metrics.host}:${workerProcess.metricsPort}/metrics`);
  }
  await new Promise<void>((r) => server.listen(settings.http.port, settings.http.host, r));
  log(`[gantry] API and webhooks on ${settings.http.publicUrl} (GitLab push hook: ${hookUrl})`);
  log(`[gantry] release board: open ${settings.http.publicUrl}/board in a browser (live, no login on loopback)`);

  const running = worker.run();
  log(`[gantry] worker polling task queue "${settings.temporal.taskQueue}"`);
  log(`[gantry] example repos under ${join(settings.dataDir, 'repos')}; try: ./gantry list --filter all`);
  const portOf = hostPortOf(catalog, settings.localBasePort);
  // Under Argo CD (e.g. GANTRY_SIMULATE=1) nothing runs on this machine.
  const local = settings.integrations.deployTarget.kind === 'local';
  for (const service of local ? Object.keys(catalog.services) : []) {
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
    board.close(); // ends open event streams, so server.close() can finish
    server.close();
    worker.shutdown();
    await running.catch(() => undefined);
    await workerProcess.close();
    await deps.stop();
    await client.connection.close();
    await prometheus?.stop();
    await dev.stop();
    await cluster?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await running;
}

/**
 * Gray steps' metric checks need a Prometheus: unless GANTRY_PROMETHEUS_URL names one, the embedded mode runs
 * Debian's on GANTRY_PROMETHEUS_PORT. Without the package the checks are inconclusive (the policy decides).
 */
async function startEmbeddedPrometheus(settings: Settings): Promise<PrometheusServer | undefined> {
  if (settings.prometheus.url || settings.integrations.deployTarget.kind !== 'local') return undefined;
  try {
    const server = await startPrometheus({
      dataDir: join(settings.dataDir, 'prometheus'),
      port: settings.prometheus.embeddedPort,
      log,
    });
    log(`[gantry] Prometheus on ${server.url} (gray steps' metric checks), scraping the example services`);
    return server;
  } catch (err) {
    log(`[gantry] no Prometheus, gray steps' checks will be inconclusive: ${(err as Error).message}`);
    return undefined;
  }
}

runMain(main);
