/**
 * `npm run bench [-- --n 50]`: the release workflow's own overhead. N concurrent releases of N services through
 * the real client, workflow and activity code, every external effect an instant in-memory double, against N bare
 * workflows running the same number of no-op activities with the same options. See bench/README.md.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createGantryClient } from '../src/client/gantry-client';
import { startDevServer, type DevServer } from '../src/embedded/dev-server';
import { temporalBinary } from '../src/embedded/temporal-binaries';
import type { releaseWorkflow } from '../src/workflows/release-workflow';
import type { bareWorkflow, BenchStep } from './bench-workflows';
import { ActivityRecorder, BENCH_ENV, BENCH_USER, benchActivities, benchCatalog, serviceName } from './doubles';
import { findPid, freePorts, measureRun, type RunResult } from './measure';
import { parseArgs } from './options';
import { cpuLine, formatTable, medianRatios } from './report';

const TASK_QUEUE = 'gantry-bench';
const WARMUP = 20;

const print = (line = ''): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const { sizes, timeoutMin, rounds } = parseArgs(process.argv.slice(2));
  const deadlineMs = timeoutMin * 60_000;
  const maxN = Math.max(...sizes);
  Runtime.install({ logger: new DefaultLogger('WARN') });

  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async (): Promise<void> => {
    for (const step of cleanups.splice(0).reverse())
      await step().catch((err: Error) => print(`cleanup: ${err.message}`));
  };
  const abort = (why: string, code: number) => {
    print(`\n${why}: shutting down`);
    // A hung cleanup must not keep the process (or the dev server) alive: exit after 30 s regardless.
    setTimeout(() => process.exit(code), 30_000).unref();
    void cleanup().then(() => process.exit(code));
  };
  process.once('SIGINT', () => abort('interrupted', 130));
  process.once('SIGTERM', () => abort('terminated', 143));

  try {
    const dataDir = mkdtempSync(join(tmpdir(), 'gantry-bench-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const [port, uiPort] = await freePorts(2);
    const serverLog: string[] = [];
    const dev: DevServer = await startDevServer({
      binary: temporalBinary('cli'),
      dataDir,
      address: `127.0.0.1:${port}`,
      uiUrl: `http://127.0.0.1:${uiPort}`,
      log: (line) => void serverLog.push(line),
    });
    cleanups.push(() => dev.stop());
    const serverPid = findPid(dataDir);
    print(`Temporal dev server on ${dev.address} (data in ${dataDir}); bundling workflows…`);

    // Bundled once, before timing, in a child process: webpack's memory must not count as the worker's.
    const bundlePath = join(dataDir, 'workflows.js');
    await promisify(execFile)(process.execPath, [require.resolve('./bundle'), bundlePath]);
    const recorder = new ActivityRecorder();
    const nativeConnection = await NativeConnection.connect({ address: dev.address });
    cleanups.push(() => nativeConnection.close());
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue: TASK_QUEUE,
      workflowBundle: { codePath: bundlePath },
      activities: benchActivities(benchCatalog(maxN), recorder),
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
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });

    const connection = await Connection.connect({ address: dev.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, namespace: 'default' });
    const gantry = createGantryClient(client, TASK_QUEUE);

    const release = (tag: string) => async (i: number) => {
      const service = serviceName(i);
      const image = `registry.gantry.local/${service}:${tag}`;
      const { workflowId } = await gantry.requestRelease(service, BENCH_ENV, {
        image,
        requestedBy: BENCH_USER,
        kind: 'release',
      });
      const result = await client.workflow.getHandle<typeof releaseWorkflow>(workflowId).result();
      if (result.status !== 'succeeded' || result.image !== image) throw new Error(`${workflowId}: ${result.status}`);
    };
    const bare = (tag: string, steps: BenchStep[]) => async (i: number) => {
      const done = await client.workflow.execute<typeof bareWorkflow>('bareWorkflow', {
        taskQueue: TASK_QUEUE,
        workflowId: `bare/${tag}/${i}`,
        args: [steps],
      });
      if (done !== steps.length) throw new Error(`bare/${tag}/${i} ran ${done} steps`);
    };

    /** Events in a workflow's (latest run's) history, and how many of them are search attribute / memo upserts. */
    const historyShape = async (workflowId: string): Promise<string> => {
      const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
      const upserts = events.filter(
        (e) => e.upsertWorkflowSearchAttributesEventAttributes || e.workflowPropertiesModifiedEventAttributes,
      ).length;
      return `${events.length} (${upserts} upserts)`;
    };

    // Warm-up (not reported): loads the bundle into the workflow thread, opens pollers and connections, JITs.
    const warm = Math.min(WARMUP, maxN);
    const stamp = Date.now().toString(36);
    const warmRelease = await measureRun('warm-up release', warm, deadlineMs, release(`warmup-${stamp}`));
    const warmBare = await measureRun(
      'warm-up bare',
      warm,
      deadlineMs,
      bare(`warmup-${stamp}`, recorder.summary().steps),
    );
    const warmErrors = [...warmRelease.firstErrors, ...warmBare.firstErrors];
    if (warmErrors.length > 0) throw new Error(`the warm-up failed:\n${warmErrors.join('\n')}`);

    const results: RunResult[] = [];
    const notes: string[] = [];
    for (const [k, n] of sizes.entries()) {
      for (let round = 1; round <= rounds; round++) {
        const tag = `run${k}-n${n}-r${round}-${stamp}`;
        const label = rounds > 1 ? ` #${round}` : '';
        print(`N=${n}${label}: ${n} concurrent releases…`);
        recorder.reset();
        results.push(await measureRun(`gantry release${label}`, n, deadlineMs, release(tag), serverPid));
        const perRelease = recorder.summary();
        const releaseHistory = await historyShape(`release/${serviceName(0)}/${BENCH_ENV}`);
        print(`N=${n}${label}: ${n} concurrent bare workflows of ${perRelease.steps.length} no-op activities…`);
        results.push(await measureRun(`bare${label}`, n, deadlineMs, bare(tag, perRelease.steps), serverPid));
        if (round > 1) continue;
        notes.push(
          `N=${n}: ${perRelease.average.toFixed(2)} activities per release` +
            ` (${perRelease.distinct} distinct sequence${perRelease.distinct === 1 ? '' : 's'});` +
            ` bare runs ${perRelease.steps.length}: ${perRelease.sequence.join(' → ')}`,
          `N=${n}: history events per workflow: release ${releaseHistory}; bare ${await historyShape(`bare/${tag}/0`)}`,
        );
      }
      if (rounds > 1) notes.push(medianRatios(results, n));
    }

    print();
    print(formatTable(results));
    print();
    for (const note of notes) print(note);
    for (const r of results) print(cpuLine(r, cpus().length));
    for (const r of results) for (const e of r.firstErrors) print(`error in ${r.run} N=${r.n}: ${e}`);
    if (results.some((r) => r.errors > 0)) {
      process.exitCode = 1;
      print(`dev server log (last lines):\n${serverLog.slice(-20).join('\n')}`);
    }
  } catch (err) {
    print(`bench failed: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
  } finally {
    // Bounded even if a shutdown step hangs (the dev server stop itself escalates to SIGKILL after 10 s).
    setTimeout(() => process.exit(1), 60_000).unref();
    await cleanup();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: Error) => {
    print(`bench failed: ${err.message}`);
    process.exit(1);
  },
);
