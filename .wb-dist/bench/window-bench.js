"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * `node dist/bench/window-bench.js [--n 1000] [--lead-s 90]`: a release window opening with N releases parked on it
 * (issue 12, item 5), against N bare workflows parked on one timer doing the same number of activities. Each run
 * is a fresh child process with its own dev server, so RSS is that run's alone. Reports worker and server RSS
 * while parked, the time from the opening until all passed the gate and until all were done, the load average,
 * and what a sample of histories did after the opening. Same doubles as the release bench (bench/doubles.ts);
 * the worker uses the product's workflow-task tuning.
 */
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
const node_util_1 = require("node:util");
const activity_1 = require("@temporalio/activity");
const client_1 = require("@temporalio/client");
const worker_1 = require("@temporalio/worker");
const gantry_client_1 = require("../src/client/gantry-client");
const catalog_schema_1 = require("../src/config/catalog-schema");
const dev_server_1 = require("../src/embedded/dev-server");
const temporal_binaries_1 = require("../src/embedded/temporal-binaries");
const create_worker_1 = require("../src/workers/create-worker");
const doubles_1 = require("./doubles");
const measure_1 = require("./measure");
const window_history_1 = require("./window-history");
const TASK_QUEUE = 'gantry-window-bench';
const print = (line = '') => void process.stdout.write(`${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mib = (bytes) => Math.round(bytes / 1024 / 1024);
const load1 = () => Math.round(((0, node_os_1.loadavg)()[0] ?? NaN) * 100) / 100;
const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
};
function statusKiB(pid, field) {
    if (pid === undefined)
        return NaN;
    const line = (0, node_fs_1.readFileSync)(`/proc/${pid}/status`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`${field}:`));
    return line ? Number(line.split(/\s+/)[1]) * 1024 : NaN;
}
/** Runs `n` starts at most `width` at a time. */
async function startAll(n, width, start) {
    let next = 0;
    await Promise.all(Array.from({ length: width }, async () => {
        while (next < n)
            await start(next++);
    }));
}
/** One run (release or bare) in this process: dev server, worker, park, open, finish, histories. */
async function runOne(kind, n, leadMs, bareActivities) {
    worker_1.Runtime.install({ logger: new worker_1.DefaultLogger('WARN') });
    const dataDir = (0, node_fs_1.mkdtempSync)((0, node_path_1.join)((0, node_os_1.tmpdir)(), 'gantry-window-bench-'));
    const [port, uiPort] = await (0, measure_1.freePorts)(2);
    const dev = await (0, dev_server_1.startDevServer)({
        binary: (0, temporal_binaries_1.temporalBinary)('cli'),
        dataDir,
        address: `127.0.0.1:${port}`,
        uiUrl: `http://127.0.0.1:${uiPort}`,
        log: () => undefined,
    });
    const serverPid = (0, measure_1.findPid)(dataDir);
    const bundlePath = (0, node_path_1.join)(dataDir, 'workflows.js');
    await (0, node_util_1.promisify)(node_child_process_1.execFile)(process.execPath, [require.resolve('./bundle'), bundlePath, './window-bench-workflows']);
    // planRelease reads the catalog object when each release starts, so the window is set before the first start.
    const catalog = (0, doubles_1.benchCatalog)(n);
    const recorder = new doubles_1.ActivityRecorder();
    /** When each workflow ran its first activity after the gate (the window, or the bare timer). */
    const pastGate = new Map();
    const before = 2; // a release plans and announces "waiting for the window" before parking
    const markGate = () => {
        const id = activity_1.Context.current().info.workflowExecution?.workflowId ?? 'standalone';
        if (!pastGate.has(id))
            pastGate.set(id, Date.now());
    };
    const base = (0, doubles_1.benchActivities)(catalog, recorder);
    const activities = {
        ...base,
        // Releases since 'vet-release-image' resolve the image first after the window, then read the deployment.
        async resolveReleaseImage(...args) {
            markGate();
            return base.resolveReleaseImage(...args);
        },
        async readDeployment(...args) {
            markGate();
            return base.readDeployment(...args);
        },
        async benchNoop(step) {
            if (step === before)
                markGate();
            return base.benchNoop(step);
        },
    };
    const connection = await worker_1.NativeConnection.connect({ address: dev.address });
    const worker = await worker_1.Worker.create({
        connection,
        namespace: 'default',
        taskQueue: TASK_QUEUE,
        workflowBundle: { codePath: bundlePath },
        activities,
        ...create_worker_1.WORKFLOW_TASK_TUNING,
        maxCachedWorkflows: create_worker_1.WORKFLOW_CACHE,
        maxConcurrentActivityTaskExecutions: 200,
        shutdownGraceTime: '5s',
    });
    const running = worker.run();
    const clientConnection = await client_1.Connection.connect({ address: dev.address });
    const client = new client_1.Client({ connection: clientConnection, namespace: 'default' });
    const gantry = (0, gantry_client_1.createGantryClient)(client, TASK_QUEUE);
    const ids = Array.from({ length: n }, (_, i) => kind === 'release' ? `release/${(0, doubles_1.serviceName)(i)}/${doubles_1.BENCH_ENV}` : `bare-window/${i}`);
    try {
        const loadStart = load1();
        const t0 = Date.now();
        // Windows have minute resolution: the first minute boundary at least `leadMs` away. Both runs use the rule.
        const opening = Math.ceil((t0 + leadMs) / 60_000) * 60_000;
        if (kind === 'release') {
            const at = new Date(opening);
            const hhmm = (d) => d.toISOString().slice(11, 16);
            const end = new Date(Math.min(opening + 3_600_000, Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), 23, 59)));
            const env = catalog.environments[doubles_1.BENCH_ENV];
            env.timeZone = 'UTC';
            env.windows = [{ days: [catalog_schema_1.WEEKDAYS[(at.getUTCDay() + 6) % 7]], start: hhmm(at), end: hhmm(end) }];
        }
        await startAll(n, 50, async (i) => {
            if (kind === 'release') {
                const service = (0, doubles_1.serviceName)(i);
                await gantry.requestRelease(service, doubles_1.BENCH_ENV, {
                    image: `registry.gantry.local/${service}:w`,
                    requestedBy: doubles_1.BENCH_USER,
                    kind: 'release',
                });
            }
            else {
                await client.workflow.start('parkedBareWorkflow', {
                    taskQueue: TASK_QUEUE,
                    workflowId: ids[i],
                    args: [opening, before, bareActivities - before],
                });
            }
        });
        // Parked = the release says so in visibility; a bare workflow has run its activities before the timer.
        const parkedCount = async () => {
            if (kind === 'release') {
                const { count } = await client.workflow.count(`GantryStatus = 'waiting-for-window' AND ExecutionStatus = 'Running'`);
                return count;
            }
            return [...recorder.byRun.values()].filter((r) => r.length >= before).length;
        };
        let parked = 0;
        let parkS = NaN;
        let workerRss = 0;
        let serverRss = 0;
        while (Date.now() < opening - 1000) {
            workerRss = Math.max(workerRss, statusKiB('self', 'VmRSS'));
            serverRss = Math.max(serverRss, statusKiB(serverPid, 'VmRSS'));
            if (parked < n) {
                parked = await parkedCount();
                if (parked === n)
                    parkS = (Date.now() - t0) / 1000;
            }
            await sleep(1000);
        }
        if (parked < n)
            parked = await parkedCount();
        const leadLeftS = (opening - t0) / 1000 - parkS;
        const loadOpening = load1();
        const cpu0 = { own: process.cpuUsage(), server: (0, measure_1.cpuSecondsOf)(serverPid) };
        let errors = 0;
        const doneAt = [];
        await Promise.all(ids.map(async (id, i) => {
            try {
                if (kind === 'release') {
                    const result = await client.workflow.getHandle(id).result();
                    if (result.status !== 'succeeded')
                        throw new Error(`release ${i}: ${result.status}`);
                }
                else {
                    await client.workflow.getHandle(id).result();
                }
                doneAt.push(Date.now());
            }
            catch (err) {
                if (errors++ < 3)
                    print(`${kind} #${i}: ${err.message}`);
            }
        }));
        const own = process.cpuUsage(cpu0.own);
        const workerCpuS = (own.user + own.system) / 1e6;
        const serverCpuS = (0, measure_1.cpuSecondsOf)(serverPid) - cpu0.server;
        const loadEnd = load1();
        const fromOpening = (ts) => ts.map((t) => (t - opening) / 1000).sort((a, b) => a - b);
        const gates = fromOpening([...pastGate.values()]);
        const done = fromOpening(doneAt);
        const perRun = [...recorder.byRun.values()];
        const total = Math.round(perRun.reduce((s, r) => s + r.length, 0) / Math.max(1, perRun.length));
        const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(n / 50)) === 0).slice(0, 50);
        return {
            run: kind === 'release' ? 'gantry release' : 'bare',
            n,
            activities: total,
            parkS,
            parkedBeforeOpening: parked,
            leadLeftS,
            workerRssMiB: mib(workerRss),
            workerHwmMiB: mib(statusKiB('self', 'VmHWM')),
            serverRssMiB: mib(serverRss),
            gateAllS: gates.length === n ? gates[n - 1] : NaN,
            gateP50S: (0, measure_1.percentile)(gates, 50),
            gateWithin60: gates.filter((g) => g <= 60).length,
            doneAllS: done.length ? done[done.length - 1] : NaN,
            doneP50S: (0, measure_1.percentile)(done, 50),
            errors,
            workerCpuS,
            serverCpuS,
            loadStart,
            loadOpening,
            loadEnd,
            history: await (0, window_history_1.historiesAfter)(client, sample, opening, arg('--dump')),
        };
    }
    finally {
        worker.shutdown();
        await running.catch(() => undefined);
        await connection.close();
        await clientConnection.close();
        await dev.stop();
        (0, node_fs_1.rmSync)(dataDir, { recursive: true, force: true });
    }
}
/** Runs one kind in a child process and returns its result line. */
function child(kind, n, leadS, activities) {
    return new Promise((resolve, reject) => {
        const args = [__filename, '--child', kind, '--n', `${n}`, '--lead-s', `${leadS}`, '--activities', `${activities}`];
        const dump = arg('--dump');
        if (dump)
            args.push('--dump', `${dump}-${kind}.json`);
        const proc = (0, node_child_process_1.spawn)(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        proc.stdout.on('data', (d) => (out += d.toString()));
        proc.on('error', reject);
        proc.on('exit', (code) => {
            const line = out.split('\n').find((l) => l.startsWith('RESULT '));
            process.stdout.write(out.replace(/^RESULT .*\n?/m, ''));
            if (code === 0 && line)
                resolve(JSON.parse(line.slice(7)));
            else
                reject(new Error(`${kind} run exited ${code}`));
        });
    });
}
async function main() {
    const n = Number(arg('--n') ?? 1000);
    // Default lead: what parking took on this box under load (~60–120 ms per release), with room to spare.
    const leadS = Number(arg('--lead-s') ?? Math.max(60, Math.ceil(n * 0.12)));
    const kind = arg('--child');
    if (kind === 'release' || kind === 'bare') {
        const result = await runOne(kind, n, leadS * 1000, Number(arg('--activities') ?? 12));
        print(`RESULT ${JSON.stringify(result)}`);
        return;
    }
    const rel = await child('release', n, leadS, 0);
    const bare = await child('bare', n, leadS, rel.activities);
    const results = [rel, bare];
    print(`activities per release: ${rel.activities} (bare: 2 before the timer, ${rel.activities - 2} after)`);
    print();
    print('| run | N | all parked s | parked before opening | lead left s | worker RSS parked MiB | worker HWM MiB | server RSS parked MiB | all past gate s | p50 past gate s | past gate ≤ 60 s | all done s | p50 done s | errors | load1 start/opening/end |');
    print('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const r of results) {
        print(`| ${r.run} | ${r.n} | ${r.parkS.toFixed(1)} | ${r.parkedBeforeOpening} | ${r.leadLeftS.toFixed(1)} | ${r.workerRssMiB} | ${r.workerHwmMiB} | ${r.serverRssMiB} | ${r.gateAllS.toFixed(1)} | ${r.gateP50S.toFixed(1)} | ${r.gateWithin60} | ${r.doneAllS.toFixed(1)} | ${r.doneP50S.toFixed(1)} | ${r.errors} | ${r.loadStart} / ${r.loadOpening} / ${r.loadEnd} |`);
    }
    print();
    for (const r of results) {
        const h = r.history;
        print(`${r.run}: CPU after opening ${r.workerCpuS.toFixed(1)} s bench process, ${r.serverCpuS.toFixed(1)} s dev server; ` +
            `history per workflow (${h.sampled} sampled): ${h.eventsTotal} events, ${h.historyBytes} bytes; after opening ` +
            `${h.eventsAfter} events: ${JSON.stringify(h.byType)}, sticky schedule-to-start timeouts ${h.stickyTimeouts}`);
    }
    print(`\nall done: release ${(rel.doneAllS / bare.doneAllS).toFixed(2)}× bare`);
    if (results.some((r) => r.parkedBeforeOpening < r.n))
        print('WARNING: not all were parked before the opening');
}
main().then(() => process.exit(0), (err) => {
    print(`window bench failed: ${err.stack ?? err.message}`);
    process.exit(1);
});
//# sourceMappingURL=window-bench.js.map