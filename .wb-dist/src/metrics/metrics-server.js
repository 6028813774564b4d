"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.startMetricsServer = startMetricsServer;
const node_http_1 = require("node:http");
const http_io_1 = require("../server/http-io");
const ops_routes_1 = require("../server/routes/ops-routes");
const router_1 = require("../server/router");
const router = (0, router_1.createRouter)(ops_routes_1.opsRoutes);
/**
 * The operations port of a Gantry process (9464 in the chart): `/metrics` (Prometheus text), `/healthz` (the
 * process answers: liveness) and `/readyz` (it can work: readiness). Kept off the API port so that an Ingress
 * for the API never exposes metrics.
 */
function createMetricsServer(opts) {
    const app = { registry: opts.registry, ready: opts.ready, readyTimeoutMs: opts.readyTimeoutMs ?? 3000 };
    return (0, node_http_1.createServer)((req, res) => {
        let found;
        let url;
        try {
            url = new URL(req.url ?? '/', 'http://gantry');
            found = router.find(req.method ?? 'GET', url.pathname);
        }
        catch {
            return (0, http_io_1.sendText)(res, 400, 'malformed URL\n');
        }
        if (found.status === 404)
            return (0, http_io_1.sendText)(res, 404, 'not found: try /metrics, /healthz or /readyz\n');
        if (found.status === 405) {
            res.setHeader('allow', found.allow.join(', '));
            return (0, http_io_1.sendText)(res, 405, 'method not allowed\n');
        }
        void Promise.resolve(found.route.handler({ req, res, url, params: found.params, app })).catch((err) => res.headersSent ? res.end() : (0, http_io_1.sendText)(res, 500, `${err.message}\n`));
    });
}
/** Starts the server and resolves once it listens; port 0 picks a free one (tests). */
async function startMetricsServer(opts) {
    const server = createMetricsServer(opts);
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, opts.host, () => {
            server.off('error', reject);
            resolve();
        });
    });
    return {
        server,
        port: server.address().port,
        close: () => new Promise((resolve) => server.close(() => resolve())),
    };
}
//# sourceMappingURL=metrics-server.js.map