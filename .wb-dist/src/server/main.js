"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const node_path_1 = require("node:path");
const gantry_board_1 = require("../board/gantry-board");
const authenticator_1 = require("../auth/authenticator");
const gantry_client_1 = require("../client/gantry-client");
const temporal_answers_1 = require("../client/temporal-answers");
const temporal_client_1 = require("../client/temporal-client");
const temporal_guard_1 = require("../client/temporal-guard");
const load_catalog_1 = require("../config/load-catalog");
const settings_1 = require("../config/settings");
const file_log_store_1 = require("../integrations/log/file-log-store");
const http_metrics_1 = require("../metrics/http-metrics");
const metrics_server_1 = require("../metrics/metrics-server");
const registry_1 = require("../metrics/registry");
const feishu_routes_1 = require("./routes/feishu-routes");
const http_server_1 = require("./http-server");
const run_main_1 = require("../run-main");
/** The webhook/API server on its own (the Helm chart's server Deployment). */
async function main() {
    const settings = (0, settings_1.loadSettings)(process.env);
    const catalog = await (0, load_catalog_1.loadCatalog)(settings.catalogPath);
    // Refuses to start when the loopback mode is asked for on a non-loopback address (the chart sets oidc).
    const authenticator = (0, authenticator_1.createAuthenticator)({ settings, catalog });
    process.stdout.write(`[gantry] ${authenticator.describe()}\n`);
    // Lazy: a server that starts while Temporal is down serves 503 + Retry-After (and /readyz "not ready") and
    // recovers by itself when Temporal comes, instead of exiting at connect.
    const answers = (0, temporal_answers_1.createTemporalAnswers)();
    const client = (0, temporal_client_1.lazyTemporalClient)(settings.temporal, answers);
    const gantry = (0, gantry_client_1.createGantryClient)(client, settings.temporal.taskQueue, { buildTaskQueue: settings.buildTaskQueue });
    // One view of "Temporal answers" for the API (503 + Retry-After while it does not) and /readyz.
    const temporal = (0, temporal_guard_1.createTemporalGuard)(client.connection, { answers });
    const metrics = (0, registry_1.createGantryMetrics)({ processMetrics: true });
    const log = (line) => process.stdout.write(`${line}\n`);
    const board = (0, gantry_board_1.createGantryBoard)({ settings, catalog, gantry, log });
    const server = (0, http_metrics_1.instrumentServer)((0, http_server_1.createHttpServer)({
        gantry,
        catalog,
        logs: (0, file_log_store_1.createFileLogStore)((0, node_path_1.join)(settings.dataDir, 'logs')),
        gitlabToken: settings.gitlabToken,
        githubSecret: settings.integrations.githubSecret,
        feishuCallback: (0, feishu_routes_1.createFeishuCallback)(settings, catalog, gantry),
        auth: { authenticator, settings },
        repoBase: settings.repoBase,
        board,
        temporal,
        log,
    }), metrics);
    // Operations port apart from the API, so an Ingress never exposes /metrics.
    const ops = settings.metrics.port > 0
        ? await (0, metrics_server_1.startMetricsServer)({
            registry: metrics.registry,
            ready: () => temporal.readiness(),
            host: settings.metrics.host,
            port: settings.metrics.port,
        })
        : undefined;
    server.listen(settings.http.port, settings.http.host);
    for (const signal of ['SIGINT', 'SIGTERM']) {
        process.once(signal, () => {
            // Open event streams would keep server.close() waiting forever.
            board.close();
            server.close(() => void Promise.all([ops?.close(), client.connection.close()]));
        });
    }
}
(0, run_main_1.runMain)(main);
//# sourceMappingURL=main.js.map