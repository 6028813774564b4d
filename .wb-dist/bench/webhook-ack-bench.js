"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * `node dist/bench/webhook-ack-bench.js [--n 300] [--concurrency 10]`: how long the webhook server takes to answer
 * a signed GitLab push. The real HTTP server and client against the real Temporal dev server with no worker (the
 * pipeline is started and waits), so an ack is: read and authenticate the body, route it, start one workflow.
 * A second run posts pushes to an unmapped branch: the server answers without Temporal, which isolates routing.
 * See bench/README.md.
 */
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
const client_1 = require("@temporalio/client");
const gantry_client_1 = require("../src/client/gantry-client");
const dev_server_1 = require("../src/embedded/dev-server");
const temporal_binaries_1 = require("../src/embedded/temporal-binaries");
const http_server_1 = require("../src/server/http-server");
const webhook_senders_1 = require("../src/testing/webhook-senders");
const doubles_1 = require("./doubles");
const measure_1 = require("./measure");
const TOKEN = 'bench-token';
const REPO_BASE = 'https://git.example.com/bench';
const SERVICES = 20;
const WARMUP = 30;
const print = (line = '') => void process.stdout.write(`${line}\n`);
function option(args, name, fallback) {
    const i = args.indexOf(`--${name}`);
    const value = i >= 0 ? Number(args[i + 1]) : fallback;
    if (!Number.isInteger(value) || value < 1)
        throw new Error(`--${name} takes a positive whole number`);
    return value;
}
/** Posts `count` distinct pushes, `concurrency` at a time; returns each ack's latency in ms. */
async function post(base, count, concurrency, branch, seed) {
    const latencies = [];
    const statuses = new Map();
    let next = 0;
    const lane = async () => {
        while (next < count) {
            const i = next++;
            const delivery = (0, webhook_senders_1.gitlabPush)({
                token: TOKEN,
                project: `bench/svc-${i % SERVICES}`,
                branch,
                after: (0, webhook_senders_1.sha)(`${seed}:${i}`),
            });
            const started = process.hrtime.bigint();
            const reply = await (0, webhook_senders_1.send)(base, delivery);
            latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
            statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    return { latencies: latencies.sort((a, b) => a - b), statuses };
}
function row(label, concurrency, wallMs, r) {
    const { latencies } = r;
    const mean = latencies.reduce((s, x) => s + x, 0) / latencies.length;
    const codes = [...r.statuses].map(([s, c]) => `${s}×${c}`).join(' ');
    const cells = [
        label.padEnd(24),
        String(latencies.length).padStart(4),
        String(concurrency).padStart(4),
        (0, measure_1.percentile)(latencies, 50).toFixed(2).padStart(7),
        (0, measure_1.percentile)(latencies, 95).toFixed(2).padStart(7),
        (0, measure_1.percentile)(latencies, 99).toFixed(2).padStart(7),
        mean.toFixed(2).padStart(7),
        ((latencies.length / wallMs) * 1000).toFixed(0).padStart(6),
        codes,
    ];
    return `| ${cells.join(' | ')} |`;
}
async function main() {
    const args = process.argv.slice(2);
    const n = option(args, 'n', 300);
    const concurrency = option(args, 'concurrency', 10);
    const dataDir = (0, node_fs_1.mkdtempSync)((0, node_path_1.join)((0, node_os_1.tmpdir)(), 'gantry-ack-bench-'));
    const [port = 0, uiPort = 0] = await (0, measure_1.freePorts)(2);
    const dev = await (0, dev_server_1.startDevServer)({
        binary: (0, temporal_binaries_1.temporalBinary)('cli'),
        dataDir,
        address: `127.0.0.1:${port}`,
        uiUrl: `http://127.0.0.1:${uiPort}`,
        log: () => undefined,
    });
    const connection = await client_1.Connection.connect({ address: dev.address });
    let server;
    try {
        const client = new client_1.Client({ connection });
        server = (0, http_server_1.createHttpServer)({
            gantry: (0, gantry_client_1.createGantryClient)(client, 'gantry-ack-bench'),
            catalog: (0, doubles_1.benchCatalog)(SERVICES),
            logs: doubles_1.noopLogs,
            gitlabToken: TOKEN,
            githubSecret: '',
            repoBase: REPO_BASE,
        });
        const listening = server;
        await new Promise((resolve) => listening.listen(0, '127.0.0.1', resolve));
        const base = `http://127.0.0.1:${server.address().port}`;
        await post(base, WARMUP, 1, doubles_1.BENCH_ENV, 'warmup');
        const runs = [
            ['push → pipeline started', 1, doubles_1.BENCH_ENV],
            ['push → pipeline started', concurrency, doubles_1.BENCH_ENV],
            ['push, unmapped branch', 1, 'no-such-branch'],
            ['push, unmapped branch', concurrency, 'no-such-branch'],
        ];
        print(`webhook ack latency, ${n} signed GitLab pushes per run; load average ${(0, node_os_1.loadavg)()[0]?.toFixed(1)}`);
        print('| run                      |    N | conc |  p50 ms |  p95 ms |  p99 ms | mean ms | per s | statuses |');
        print('|--------------------------|-----:|-----:|--------:|--------:|--------:|--------:|------:|----------|');
        for (const [label, lanes, branch] of runs) {
            const started = Date.now();
            const result = await post(base, n, lanes, branch, `${label}:${lanes}:${Date.now()}`);
            print(row(label, lanes, Date.now() - started, result));
        }
    }
    finally {
        server?.close();
        await connection.close();
        await dev.stop();
        (0, node_fs_1.rmSync)(dataDir, { recursive: true, force: true });
    }
}
main().catch((err) => {
    print(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
});
//# sourceMappingURL=webhook-ack-bench.js.map