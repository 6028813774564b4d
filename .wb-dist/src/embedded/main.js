"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const node_path_1 = require("node:path");
const gantry_board_1 = require("../board/gantry-board");
const authenticator_1 = require("../auth/authenticator");
const gantry_client_1 = require("../client/gantry-client");
const temporal_answers_1 = require("../client/temporal-answers");
const temporal_client_1 = require("../client/temporal-client");
const load_catalog_1 = require("../config/load-catalog");
const settings_1 = require("../config/settings");
const track_records_1 = require("../integrations/local/track-records");
const http_metrics_1 = require("../metrics/http-metrics");
const registry_1 = require("../metrics/registry");
const run_git_1 = require("../integrations/git/run-git");
const feishu_routes_1 = require("../server/routes/feishu-routes");
const http_server_1 = require("../server/http-server");
const temporal_guard_1 = require("../client/temporal-guard");
const worker_dependencies_1 = require("../workers/worker-dependencies");
const service_host_ports_1 = require("../workers/service-host-ports");
const worker_process_1 = require("../workers/worker-process");
const run_main_1 = require("../run-main");
const dev_server_1 = require("./dev-server");
const example_repos_1 = require("./example-repos");
const prometheus_server_1 = require("./prometheus-server");
const restore_deployments_1 = require("./restore-deployments");
const simulated_cluster_1 = require("./simulated-cluster");
const temporal_binaries_1 = require("./temporal-binaries");
const log = (line) => process.stdout.write(`${line}\n`);
/**
 * `npm start`: the whole system on one machine — Temporal dev server with UI, worker, webhook/API server, local
 * executor and deploy target, example services as local Git repos.
 */
async function main() {
    const base = (0, settings_1.loadSettings)(process.env);
    // GANTRY_SIMULATE=1: Argo CD, SonarQube and Feishu doubles stand in for the real systems (demos).
    const cluster = base.simulate
        ? await (0, simulated_cluster_1.startSimulatedCluster)({ dataDir: base.dataDir, apiUrl: base.http.publicUrl, log, userEnv: process.env })
        : undefined;
    const settings = cluster ? (0, settings_1.loadSettings)({ ...process.env, ...cluster.env }) : base;
    if (cluster) {
        log(`[gantry] simulated Argo CD on ${cluster.urls.argocd} (every app syncs healthy)`);
        log(`[gantry] simulated SonarQube on ${cluster.urls.sonarqube} (every analysis passes)`);
        log(`[gantry] simulated Feishu on ${cluster.urls.feishu} (cards print as [feishu] lines, JSON at /cards)`);
        const click = `'{"action":"promote","openId":"<feishuOpenId of a person in the catalog>"}'`;
        log(`[gantry] click a card button: curl -d ${click} ${cluster.urls.feishu}/cards/<message id>/click`);
    }
    // The worker's own chatter (bundling, state changes) is noise here; warnings still show.
    (0, worker_process_1.installRuntime)(settings, { quiet: true });
    const metrics = (0, registry_1.createGantryMetrics)({ processMetrics: true });
    const catalog = await (0, load_catalog_1.loadCatalog)(settings.catalogPath);
    const authenticator = (0, authenticator_1.createAuthenticator)({ settings, catalog });
    log(`[gantry] ${authenticator.describe()}`);
    const dev = await (0, dev_server_1.startDevServer)({
        binary: (0, temporal_binaries_1.temporalBinary)('cli'),
        dataDir: (0, node_path_1.join)(settings.dataDir, 'temporal'),
        address: settings.temporal.address,
        uiUrl: settings.temporal.uiUrl,
        namespace: settings.temporal.namespace,
        log,
    });
    log(`[gantry] Temporal dev server on ${dev.address}, UI at ${dev.uiUrl}`);
    const hookUrl = `${settings.http.publicUrl}/hooks/gitlab`;
    const created = await (0, example_repos_1.ensureExampleRepos)({
        catalog,
        examplesDir: (0, node_path_1.resolve)(__dirname, '../../../examples'),
        reposDir: (0, node_path_1.join)(settings.dataDir, 'repos'),
        hookUrl,
        gitlabToken: settings.gitlabToken,
    });
    const prometheus = await startEmbeddedPrometheus(settings);
    const runDir = (0, node_path_1.join)(settings.dataDir, 'run');
    // Prometheus scrapes what runs now: every stable and gray copy, rewritten whenever a sync changes them.
    const refreshTargets = () => {
        if (!prometheus)
            return;
        (0, track_records_1.listTrackTargets)(runDir)
            .then((targets) => prometheus.setTargets(targets))
            .catch((err) => log(`[gantry] could not update Prometheus targets: ${err.message}`));
    };
    const workerSettings = prometheus
        ? { ...settings, prometheus: { ...settings.prometheus, url: prometheus.url } }
        : settings;
    const deps = (0, worker_dependencies_1.createWorkerDependencies)(workerSettings, catalog, log, { onTracksChanged: refreshTargets });
    if (settings.integrations.deployTarget.kind === 'local') {
        await (0, restore_deployments_1.restoreDeployments)({
            catalog,
            gitOpsRemote: settings.gitOpsRemote,
            target: deps.target,
            previews: deps.openPreviews(),
            log,
        });
        refreshTargets();
    }
    // One process, one registry: release, queue and HTTP metrics together on the operations port.
    const workerProcess = await (0, worker_process_1.startWorkerProcess)({ settings, deps, metrics, log });
    const { worker } = workerProcess;
    // Lazy, like the API server's: the API answers 503 while the dev server restarts instead of failing at connect.
    const answers = (0, temporal_answers_1.createTemporalAnswers)();
    const client = (0, temporal_client_1.lazyTemporalClient)(settings.temporal, answers);
    const gantry = (0, gantry_client_1.createGantryClient)(client, settings.temporal.taskQueue, { buildTaskQueue: settings.buildTaskQueue });
    const board = (0, gantry_board_1.createGantryBoard)({ settings, catalog, gantry, log });
    const server = (0, http_metrics_1.instrumentServer)((0, http_server_1.createHttpServer)({
        gantry,
        catalog,
        logs: deps.logs,
        gitlabToken: settings.gitlabToken,
        githubSecret: settings.integrations.githubSecret,
        feishuCallback: (0, feishu_routes_1.createFeishuCallback)(settings, catalog, gantry),
        auth: { authenticator, settings },
        repoBase: settings.repoBase,
        board,
        temporal: (0, temporal_guard_1.createTemporalGuard)(client.connection, { answers }),
        log,
    }), metrics);
    if (workerProcess.metricsPort) {
        log(`[gantry] metrics on http://${settings.metrics.host}:${workerProcess.metricsPort}/metrics`);
    }
    await new Promise((r) => server.listen(settings.http.port, settings.http.host, r));
    log(`[gantry] API and webhooks on ${settings.http.publicUrl} (GitLab push hook: ${hookUrl})`);
    log(`[gantry] release board: open ${settings.http.publicUrl}/board in a browser (live, no login on loopback)`);
    const running = worker.run();
    log(`[gantry] worker polling task queue "${settings.temporal.taskQueue}"`);
    log(`[gantry] example repos under ${(0, node_path_1.join)(settings.dataDir, 'repos')}; try: ./gantry list --filter all`);
    const portOf = (0, service_host_ports_1.hostPortOf)(catalog, settings.localBasePort);
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
        const repo = `file://${(0, node_path_1.join)(settings.dataDir, 'repos', catalog.services[first].repo)}`;
        const commit = (await (0, run_git_1.runGit)(['ls-remote', repo, 'refs/heads/dev'])).split('\t')[0];
        const { workflowId } = await gantry.startPipeline({
            service: first,
            environment: 'dev',
            commit,
            triggeredBy: 'gantry',
        });
        log(`[gantry] first run: started CI ${workflowId}; follow it with ./gantry ci ${first} dev ${commit} --follow`);
    }
    let stopping = false;
    const stop = async (signal) => {
        if (stopping)
            return;
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
async function startEmbeddedPrometheus(settings) {
    if (settings.prometheus.url || settings.integrations.deployTarget.kind !== 'local')
        return undefined;
    try {
        const server = await (0, prometheus_server_1.startPrometheus)({
            dataDir: (0, node_path_1.join)(settings.dataDir, 'prometheus'),
            port: settings.prometheus.embeddedPort,
            log,
        });
        log(`[gantry] Prometheus on ${server.url} (gray steps' metric checks), scraping the example services`);
        return server;
    }
    catch (err) {
        log(`[gantry] no Prometheus, gray steps' checks will be inconclusive: ${err.message}`);
        return undefined;
    }
}
(0, run_main_1.runMain)(main);
//# sourceMappingURL=main.js.map