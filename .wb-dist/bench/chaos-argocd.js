"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * `node dist/bench/chaos-argocd.js <rollout-ms>`: the Argo CD double as its own process for `npm run chaos`. Every
 * app registers itself on first use and becomes healthy a few polls after a sync, but each rollout is held for
 * <rollout-ms> first, so health waits outlast a worker's shutdown grace. A second port serves counts as JSON.
 * Prints one line: {"url": …, "token": …, "statsUrl": …}.
 */
const node_http_1 = __importDefault(require("node:http"));
const argocd_server_1 = require("../src/testing/argocd-server");
async function main() {
    const rolloutMs = Number(process.argv[2] ?? '25000');
    const argo = await (0, argocd_server_1.startArgoCdServer)({ token: 'chaos-token', autoRegister: 'healthy' });
    const appOf = (path) => decodeURIComponent(path.split('/')[4] ?? '');
    let seen = 0;
    // Each new sync holds its app for the rollout time: the scripted state machine only moves once released.
    const timer = setInterval(() => {
        for (const r of argo.requests.slice(seen)) {
            if (r.method === 'POST' && r.path.endsWith('/sync') && r.status === 200) {
                const app = appOf(r.path);
                argo.hold(app, true);
                setTimeout(() => argo.hold(app, false), rolloutMs).unref();
            }
        }
        seen = argo.requests.length;
    }, 50);
    const stats = node_http_1.default.createServer((_req, res) => {
        const syncs = {};
        const terminations = {};
        for (const r of argo.requests) {
            if (r.status !== 200)
                continue;
            const body = r.body;
            if (r.method === 'POST' && r.path.endsWith('/sync')) {
                const key = `${appOf(r.path)}@${body?.revision ?? '?'}`;
                syncs[key] = (syncs[key] ?? 0) + 1;
            }
            if (r.method === 'DELETE' && r.path.endsWith('/operation')) {
                terminations[appOf(r.path)] = (terminations[appOf(r.path)] ?? 0) + 1;
            }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ syncs, terminations }));
    });
    await new Promise((resolve) => stats.listen(0, '127.0.0.1', resolve));
    const { port } = stats.address();
    process.stdout.write(`${JSON.stringify({ url: argo.url, token: argo.token, statsUrl: `http://127.0.0.1:${port}` })}\n`);
    const stop = () => {
        clearInterval(timer);
        stats.close();
        void argo.close().then(() => process.exit(0));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
}
main().catch((err) => {
    process.stderr.write(`${err.stack ?? err.message}\n`);
    process.exit(1);
});
//# sourceMappingURL=chaos-argocd.js.map