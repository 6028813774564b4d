"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.rejectionReason = rejectionReason;
exports.instrumentServer = instrumentServer;
const http_server_1 = require("../server/http-server");
const board_routes_1 = require("../board/board-routes");
const WEBHOOK_SOURCES = new Set(['gitlab', 'github', 'feishu']);
/** Why a webhook delivery was refused, from the status the handler answered with. */
function rejectionReason(status) {
    if (status < 400)
        return undefined;
    switch (status) {
        case 400:
            return 'malformed';
        case 401:
            return 'unauthorized';
        case 403:
            return 'forbidden';
        case 404:
            return 'unknown-route';
        case 413:
            return 'too-large';
        case 415:
            return 'unsupported-media-type';
        case 503:
            return 'unavailable';
        default:
            return status >= 500 ? 'server-error' : `http-${status}`;
    }
}
/** For handlers that know a finer reason than the status (e.g. a GitHub signature mismatch). */
function recordWebhookRejection(metrics, source, reason) {
    metrics.webhookRejections.inc({ source: WEBHOOK_SOURCES.has(source) ? source : 'unknown', reason });
}
/**
 * Wraps a request listener: counts every answered request by route template, method and status, times it, and
 * counts refused webhook deliveries (any 4xx/5xx on /hooks/<source>) by reason. A request whose client went
 * away before the answer is counted with status "aborted".
 */
function instrumentRequestListener(listener, metrics, routeOf = http_server_1.gantryRouteOf) {
    return (req, res) => {
        const started = process.hrtime.bigint();
        const method = (req.method ?? 'GET').toUpperCase();
        let route = 'unmatched';
        try {
            route = routeOf(method, new URL(req.url ?? '/', 'http://gantry').pathname);
        }
        catch {
            // An unparseable URL stays "unmatched"; the handler answers it.
        }
        let recorded = false;
        const record = (finished) => {
            if (recorded)
                return;
            recorded = true;
            const status = finished ? String(res.statusCode) : 'aborted';
            metrics.httpRequests.inc({ route, method, status });
            // The board's event stream lasts as long as a page is open: not a latency.
            if (route !== board_routes_1.BOARD_EVENTS_PATH)
                metrics.httpDuration.observe({ route, method }, Number(process.hrtime.bigint() - started) / 1e9);
            const hook = /^\/hooks\/([^/]+)/.exec(route);
            const reason = finished ? rejectionReason(res.statusCode) : undefined;
            if (hook && reason)
                recordWebhookRejection(metrics, hook[1] ?? 'unknown', reason);
        };
        res.once('finish', () => record(true));
        res.once('close', () => record(res.writableFinished));
        listener(req, res);
    };
}
/**
 * Instruments a server built elsewhere (createHttpServer) in place: its request listeners are replaced by
 * instrumented ones, so the HTTP handler itself needs no change. Call before listen().
 */
function instrumentServer(server, metrics, routeOf = http_server_1.gantryRouteOf) {
    const listeners = server.listeners('request');
    server.removeAllListeners('request');
    // One instrumented listener calling them all, so a request is counted once however many listeners there are.
    const all = (req, res) => listeners.forEach((listener) => listener(req, res));
    return server.on('request', instrumentRequestListener(all, metrics, routeOf));
}
//# sourceMappingURL=http-metrics.js.map