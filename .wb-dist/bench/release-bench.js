"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * `npm run bench [-- --n 50]`: the release workflow's own overhead. N concurrent releases of N services through
 * the real client, workflow and activity code, every external effect an instant in-memory double, against N bare
 * workflows running the same number of no-op activities with the same options. See bench/README.md.
 */
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
const node_util_1 = require("node:util");
const client_1 = require("@temporalio/client");
const worker_1 = require("@temporalio/worker");
const gantry_client_1 = require("../src/client/gantry-client");
const dev_server_1 = require("../src/embedded/dev-server");
const temporal_binaries_1 = require("../src/embedded/temporal-binaries");
const doubles_1 = require("./doubles");
const measure_1 = require("./measure");
const options_1 = require("./options");
const report_1 = require("./report");
const TASK_QUEUE = 'gantry-bench';
const WARMUP = 20;
const print = (line = '') => void process.stdout.write(`${line}\n`);
async function main() {
    const { sizes, timeoutMin, rounds } = (0, options_1.parseArgs)(process.argv.slice(2));
    const deadlineMs = timeoutMin * 60_000;
    const maxN = Math.max(...sizes);
    worker_1.Runtime.install({ logger: new worker_1.DefaultLogger('WARN') });
    const cleanups = [];
    const cleanup = async () => {
        for (const step of cleanups.splice(0).reverse())
            await step().catch((err) => print(`cleanup: ${err.message}`));
    };
    const abort = (why, code) => {
        print(`\n${why}: shutting down`);
        // A hung cleanup must not keep the process (or the dev server) alive: exit after 30 s regardless.
        setTimeout(() => process.exit(code), 30_000).unref();
        void cleanup().then(() => process.exit(code));
    };
    process.once('SIGINT', () => abort('interrupted', 130));
    process.once('SIGTERM', () => abort('terminated', 143));
    try {
        const dataDir = (0, node_fs_1.mkdtempSync)((0, node_path_1.join)((0, node_os_1.tmpdir)(), 'gantry-bench-'));
        cleanups.push(async () => (0, node_fs_1.rmSync)(dataDir, { recursive: true, force: true }));
        const [port, uiPort] = await (0, measure_1.freePorts)(2);
        const serverLog = [];
        const dev = await (0, dev_server_1.startDevServer)({
            binary: (0, temporal_binaries_1.temporalBinary)('cli'),
            dataDir,
            address: `127.0.0.1:${port}`,
            uiUrl: `http://127.0.0.1:${uiPort}`,
            log: (line) => void serverLog.push(line),
        });
        cleanups.push(() => dev.stop());
        const serverPid = (0, measure_1.findPid)(dataDir);
        print(`Temporal dev server on ${dev.address} (data in ${dataDir}); bundling workflows…`);
        // Bundled once, before timing, in a child process: webpack's memory must not count as the worker's.
        const bundlePath = (0, node_path_1.join)(dataDir, 'workflows.js');
        await (0, node_util_1.promisify)(node_child_process_1.execFile)(process.execPath, [require.resolve('./bundle'), bundlePath]);
        const recorder = new doubles_1.ActivityRecorder();
        const nativeConnection = await worker_1.NativeConnection.connect({ address: dev.address });
        cleanups.push(() => nativeConnection.close());
        const worker = await worker_1.Worker.create({
            connection: nativeConnection,
            namespace: 'default',
            taskQueue: TASK_QUEUE,
            workflowBundle: { codePath: bundlePath },
            activities: (0, doubles_1.benchActivities)((0, doubles_1.benchCatalog)(maxN), recorder),
            // Up to 500 workflows are open at once: cache them all (with room to spare) so none is evicted and replayed
            // from its first event on its next task. With the shared V8 context (reuseV8Context, the default) a cached
            // workflow is small (peak RSS grows well under 1 MiB per concurrent release here, client side included); the
            // default is sized from the heap limit, not from the load.
            maxCachedWorkflows: Math.max(2 * maxN, 100),
            // Workflow tasks here are short and CPU-bound and all run on the one workflow thread (reuseV8Context): on a
            // 2-core box shared with the dev server, more slots add no CPU, they only overlap round-trips to the server.
            // 100 slots (the SDK suggests fewer for heavy histories, more for short tasks) fed by 20 pollers keep the
            // thread busy when 500 workflows have tasks ready at once; 40/10 (the default) and 100/50 measured the same
            // within noise here, because the dev server (one SQLite writer, about one core) is the bottleneck.
            maxConcurrentWorkflowTaskExecutions: 100,
            maxConcurrentWorkflowTaskPolls: 20,
            // Activities are instant: enough slots that none waits for one, pollers to match the workflow side.
            maxConcurrentActivityTaskExecutions: 200,
            maxConcurrentActivityTaskPolls: 20,
            shutdownGraceTime: '5s',
        });
        const running = worker.run();
        cleanups.push(async () => {
            if (worker.getState() === 'RUNNING')
                worker.shutdown();
            await running;
        });
        const connection = await client_1.Connection.connect({ address: dev.address });
        cleanups.push(() => connection.close());
        const client = new client_1.Client({ connection, namespace: 'default' });
        const gantry = (0, gantry_client_1.createGantryClient)(client, TASK_QUEUE);
        const release = (tag) => async (i) => {
            const service = (0, doubles_1.serviceName)(i);
            const image = `registry.gantry.local/${service}:${tag}`;
            const { workflowId } = await gantry.requestRelease(service, doubles_1.BENCH_ENV, {
                image,
                requestedBy: doubles_1.BENCH_USER,
                kind: 'release',
            });
            const result = await client.workflow.getHandle(workflowId).result();
            if (result.status !== 'succeeded' || result.image !== image)
                throw new Error(`${workflowId}: ${result.status}`);
        };
        const bare = (tag, steps) => async (i) => {
            const done = await client.workflow.execute('bareWorkflow', {
                taskQueue: TASK_QUEUE,
                workflowId: `bare/${tag}/${i}`,
                args: [steps],
            });
            if (done !== steps.length)
                throw new Error(`bare/${tag}/${i} ran ${done} steps`);
        };
        /** Events in a workflow's (latest run's) history, and how many of them are search attribute / memo upserts. */
        const historyShape = async (workflowId) => {
            const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
            const upserts = events.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes || e.workflowPropertiesModifiedEventAttributes).length;
            return `${events.length} (${upserts} upserts)`;
        };
        // Warm-up (not reported): loads the bundle into the workflow thread, opens pollers and connections, JITs.
        const warm = Math.min(WARMUP, maxN);
        const stamp = Date.now().toString(36);
        const warmRelease = await (0, measure_1.measureRun)('warm-up release', warm, deadlineMs, release(`warmup-${stamp}`));
        const warmBare = await (0, measure_1.measureRun)('warm-up bare', warm, deadlineMs, bare(`warmup-${stamp}`, recorder.summary().steps));
        const warmErrors = [...warmRelease.firstErrors, ...warmBare.firstErrors];
        if (warmErrors.length > 0)
            throw new Error(`the warm-up failed:\n${warmErrors.join('\n')}`);
        const results = [];
        const notes = [];
        for (const [k, n] of sizes.entries()) {
            for (let round = 1; round <= rounds; round++) {
                const tag = `run${k}-n${n}-r${round}-${stamp}`;
                const label = rounds > 1 ? ` #${round}` : '';
                print(`N=${n}${label}: ${n} concurrent releases…`);
                recorder.reset();
                results.push(await (0, measure_1.measureRun)(`gantry release${label}`, n, deadlineMs, release(tag), serverPid));
                const perRelease = recorder.summary();
                const releaseHistory = await historyShape(`release/${(0, doubles_1.serviceName)(0)}/${doubles_1.BENCH_ENV}`);
                print(`N=${n}${label}: ${n} concurrent bare workflows of ${perRelease.steps.length} no-op activities…`);
                results.push(await (0, measure_1.measureRun)(`bare${label}`, n, deadlineMs, bare(tag, perRelease.steps), serverPid));
                if (round > 1)
                    continue;
                notes.push(`N=${n}: ${perRelease.average.toFixed(2)} activities per release` +
                    ` (${perRelease.distinct} distinct sequence${perRelease.distinct === 1 ? '' : 's'});` +
                    ` bare runs ${perRelease.steps.length}: ${perRelease.sequence.join(' → ')}`, `N=${n}: history events per workflow: release ${releaseHistory}; bare ${await historyShape(`bare/${tag}/0`)}`);
            }
            if (rounds > 1)
                notes.push((0, report_1.medianRatios)(results, n));
        }
        print();
        print((0, report_1.formatTable)(results));
        print();
        for (const note of notes)
            print(note);
        for (const r of results)
            print((0, report_1.cpuLine)(r, (0, node_os_1.cpus)().length));
        for (const r of results)
            for (const e of r.firstErrors)
                print(`error in ${r.run} N=${r.n}: ${e}`);
        if (results.some((r) => r.errors > 0)) {
            process.exitCode = 1;
            print(`dev server log (last lines):\n${serverLog.slice(-20).join('\n')}`);
        }
    }
    catch (err) {
        print(`bench failed: ${err.stack ?? String(err)}`);
        process.exitCode = 1;
    }
    finally {
        // Bounded even if a shutdown step hangs (the dev server stop itself escalates to SIGKILL after 10 s).
        setTimeout(() => process.exit(1), 60_000).unref();
        await cleanup();
    }
}
main().then(() => process.exit(process.exitCode ?? 0), (err) => {
    print(`bench failed: ${err.message}`);
    process.exit(1);
});
//# sourceMappingURL=release-bench.js.map