"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.gantryRouteOf = void 0;
exports.createHttpServer = createHttpServer;
const node_http_1 = require("node:http");
const client_1 = require("@temporalio/client");
const authenticator_1 = require("../auth/authenticator");
const auth_settings_1 = require("../config/auth-settings");
const temporal_guard_1 = require("../client/temporal-guard");
const http_io_1 = require("./http-io");
const push_webhooks_1 = require("./push-webhooks");
const release_api_1 = require("./release-api");
const router_1 = require("./router");
const api_routes_1 = require("./routes/api-routes");
const board_routes_1 = require("./routes/board-routes");
const feishu_routes_1 = require("./routes/feishu-routes");
const gantry_app_1 = require("./routes/gantry-app");
const ops_routes_1 = require("./routes/ops-routes");
const webhook_routes_1 = require("./routes/webhook-routes");
/** Every route of the API server, by concern. Adding a route is one line in one of these files. */
const GANTRY_ROUTES = [
    ops_routes_1.livenessRoute,
    ...webhook_routes_1.webhookRoutes,
    ...feishu_routes_1.feishuRoutes,
    ...api_routes_1.apiRoutes,
    ...board_routes_1.boardRoutes,
];
const router = (0, router_1.createRouter)(GANTRY_ROUTES);
/** A request → its route template, the metrics label (never a raw path: scanners would create a series per URL). */
const gantryRouteOf = (_method, pathname) => router.templateOf(pathname) ?? (pathname.startsWith('/hooks/') ? '/hooks/:unknown' : 'unmatched');
exports.gantryRouteOf = gantryRouteOf;
/** The embedded loopback mode without a token store: a named person, trusted only from a loopback peer. */
function loopbackAuth(catalog) {
    const settings = { auth: (0, auth_settings_1.toAuthSettings)(auth_settings_1.authSettingsSchema.parse({}), ''), http: LOOPBACK_HTTP };
    settings.auth.tokenStorePath = '';
    return { authenticator: (0, authenticator_1.createAuthenticator)({ settings, catalog }), settings };
}
const LOOPBACK_HTTP = { host: '127.0.0.1', port: 0, publicUrl: 'http://127.0.0.1' };
/** Webhooks and the release API. Answers fast: every long-running thing is a workflow. */
function createHttpServer(deps) {
    const app = {
        api: (0, release_api_1.createReleaseApi)(deps),
        hooks: (0, push_webhooks_1.createPushWebhooks)(deps),
        feishu: deps.feishuCallback,
        board: deps.board,
        auth: deps.auth ?? loopbackAuth(deps.catalog),
    };
    async function handle(req, res) {
        const url = new URL(req.url ?? '/', 'http://gantry');
        const method = req.method ?? 'GET';
        const found = router.find(method, url.pathname);
        if (found.status === 405)
            res.setHeader('allow', found.allow.join(', '));
        if (found.status !== 200)
            throw new http_io_1.HttpError(found.status, `no route for ${method} ${url.pathname}`);
        const ctx = { req, res, url, params: found.params, app };
        // The guard no /api route can forget: in the shared mode none runs without a verified bearer token (but the
        // public auth config). On loopback, reads are checked here and writes in their handler, where the body's
        // legacy name is known. Webhooks check their own signatures; the board asks requireIdentity itself.
        const shared = !app.auth.authenticator.trustsNamedIdentity;
        const read = method === 'GET' || method === 'HEAD';
        if (url.pathname.startsWith('/api/') && !found.route.public && (shared || read))
            await (0, gantry_app_1.requireIdentity)(ctx);
        const usesTemporal = !found.route.public && /^\/(api|hooks)\//.test(url.pathname);
        if (deps.temporal && usesTemporal)
            return deps.temporal.run(async () => found.route.handler(ctx));
        await found.route.handler(ctx);
    }
    function fail(req, res, err) {
        // The client went away mid-request (aborted upload, reset): nobody to answer.
        if (req.destroyed && !req.complete)
            return void res.destroy();
        if (res.headersSent)
            return void res.end();
        // A refused body may still be streaming in: close instead of draining it.
        if (err instanceof http_io_1.HttpError && err.status === 413)
            res.setHeader('connection', 'close');
        if (err instanceof http_io_1.HttpError)
            return (0, http_io_1.sendJson)(res, err.status, { error: err.message, ...err.details });
        if (err instanceof URIError)
            return (0, http_io_1.sendJson)(res, 400, { error: 'malformed URL' });
        if (err instanceof client_1.WorkflowNotFoundError)
            return (0, http_io_1.sendJson)(res, 404, { error: 'no such release or pipeline' });
        if ((0, temporal_guard_1.isConnectionFailure)(err)) {
            // Temporal is down (or unreachable): a retry later will work, unlike after a 500.
            const seconds = err instanceof temporal_guard_1.TemporalUnavailable ? err.retryAfterSeconds : temporal_guard_1.RETRY_AFTER_SECONDS;
            res.setHeader('retry-after', String(seconds));
            const message = err instanceof temporal_guard_1.TemporalUnavailable ? err.message : 'Temporal is unreachable, retry later';
            return (0, http_io_1.sendJson)(res, 503, { error: message });
        }
        deps.log?.(`[gantry] ${req.method} ${req.url} failed: ${err instanceof Error ? err.stack : String(err)}`);
        (0, http_io_1.sendJson)(res, 500, { error: err instanceof Error ? err.message : String(err) });
    }
    const server = (0, node_http_1.createServer)((req, res) => {
        handle(req, res).catch((err) => {
            try {
                fail(req, res, err);
            }
            catch {
                // Answering failed too (socket gone): never let it become an unhandled rejection.
                res.destroy();
            }
        });
    });
    // Requests Node cannot parse (bad framing, oversized headers) still get a one-line JSON reason.
    server.on('clientError', (err, socket) => {
        // As Node's own handler: write nothing into a response already under way (a pipelined request gone bad).
        const inFlight = socket._httpMessage;
        if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent)
            return socket.destroy();
        const [status, text] = err.code === 'HPE_HEADER_OVERFLOW'
            ? [431, 'Request Header Fields Too Large']
            : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
                ? [408, 'Request Timeout']
                : [400, 'Bad Request'];
        const body = JSON.stringify({ error: `${text.toLowerCase()}: ${err.code ?? 'unparseable request'}` });
        socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-type: application/json; charset=utf-8\r\n` +
            `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`, () => socket.destroy());
    });
    return server;
}
//# sourceMappingURL=http-server.js.map