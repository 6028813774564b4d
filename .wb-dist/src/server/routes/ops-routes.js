"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.opsRoutes = exports.livenessRoute = void 0;
const deadline_1 = require("../deadline");
const http_io_1 = require("../http-io");
/** Liveness: the process answers. Also served on the API port (the chart's server probes it there). */
exports.livenessRoute = {
    method: 'GET',
    path: '/healthz',
    public: true,
    handler: ({ res }) => (0, http_io_1.sendText)(res, 200, 'ok\n'),
};
async function readiness(app) {
    const checked = await (0, deadline_1.withinDeadline)(app.ready().catch((err) => ({ ready: false, detail: err.message })), app.readyTimeoutMs);
    return checked === deadline_1.DEADLINE_PASSED
        ? { ready: false, detail: `readiness check took more than ${app.readyTimeoutMs} ms` }
        : checked;
}
/** The operations port of every Gantry process: liveness, readiness and Prometheus metrics. */
exports.opsRoutes = [
    exports.livenessRoute,
    {
        method: 'GET',
        path: '/readyz',
        handler: async ({ app, res }) => {
            const { ready, detail } = await readiness(app);
            (0, http_io_1.sendText)(res, ready ? 200 : 503, `${ready ? 'ready' : 'not ready'}${detail ? `: ${detail}` : ''}\n`);
        },
    },
    {
        method: 'GET',
        path: '/metrics',
        handler: async ({ app, res }) => {
            const text = await app.registry.metrics().catch((err) => err);
            if (text instanceof Error)
                return (0, http_io_1.sendText)(res, 500, `metrics failed: ${text.message}\n`);
            (0, http_io_1.sendText)(res, 200, text, app.registry.contentType);
        },
    },
];
//# sourceMappingURL=ops-routes.js.map