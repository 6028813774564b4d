/**
 * `npm run bench [-- --n 50]`: the release workflow's own overhead. N concurrent releases of N services through
 * the real client, workflow and activity code, every external effect an instant in-memory double, against N bare
 * workflows running the same number of no-op activities with the same options. See bench/README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createGantryClient } from '../src/client/gantry-client';
import { startDevServer, type DevServer } from '../src/embedded/dev-server';
import { temporalBinary } from '../src/embedded/temporal-binaries';
import type { releaseWorkflow } from '../src/workflows/release-workflow';
import type { bareWorkflow, BenchStep } from './bench-workflows';
import { ActivityRecorder, BENCH_ENV, BENCH_USER, benchActivities, benchCatalog, serviceName } from './doubles';
import { formatTable, freePorts, measureRun, type RunResult } from './measure';

const TASK_QUEUE = 'gantry-bench';
const WARMUP = 20;

function parseArgs(argv: string[]): { sizes: number[]; timeoutMin: number } {
  const sizes: number[] = [];
  let timeoutMin = 10;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag = '', inline] = arg.split('=', 2);
    const value = inline ?? argv[++i] ?? '';
    if (flag === '--n') sizes.push(...value.split(',').map(Number));
    else if (flag === '--timeout-min') timeoutMin = Number(value);
    else throw new Error(`unknown argument ${arg}; use --n 50[,500] and --timeout-min 10`);
  }
  for (const n of sizes) if (!Number.isInteger(n) || n < 1) throw new Error(`--n wants positive integers, got ${n}`);
  if (!(timeoutMin > 0)) throw new Error('--timeout-min wants a positive number');
  return { sizes: sizes.length ? sizes : [50, 500], timeoutMin };
}

const print = (line = ''): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const { sizes, timeoutMin } = parseArgs(process.argv.slice(2));
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
    print(`Temporal dev server on ${dev.address} (data in ${dataDir}); bundling workflows…`);

    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('./bench-workflows'),
      logger: new DefaultLogger('WARN'),
    });
    const recorder = new ActivityRecorder();
    const nativeConnection = await NativeConnection.connect({ address: dev.address });
    cleanups.push(() => nativeConnection.close());
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue: TASK_QUEUE,
      workflowBundle: { code },
      activities: benchActivities(benchCatalog(maxN), recorder),
      // Up to 500 workflows are open at once: cache them all (plus room), so none is evicted and replayed from its
      // first event on its next task. With the shared V8 context a cached workflow costs tens of KiB, not MiB.
      maxCachedWorkflows: 2 * maxN,
      // Workflow tasks are short and CPU-bound, and all run on one workflow thread (reuseV8Context): more slots do not
      // add CPU on a 2-core box (shared with the dev server), they only overlap the round-trips to the server.
      // 100 slots with 50 pollers keep the thread busy; the default 40/10 left it idle between polls.
      maxConcurrentWorkflowTaskExecutions: 100,
      maxConcurrentWorkflowTaskPolls: 50,
      // Activities are instant: plenty of slots, pollers so no activity task waits for a poll.
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

    // Warm-up (not reported): loads the bundle into the workflow thread, opens pollers and connections, JITs.
    const warm = Math.min(WARMUP, maxN);
    const stamp = Date.now().toString(36);
    await measureRun('warm-up release', warm, deadlineMs, release(`warmup-${stamp}`));
    const warmSteps = recorder.summary().steps;
    await measureRun('warm-up bare', warm, deadlineMs, bare(`warmup-${stamp}`, warmSteps));

    const results: RunResult[] = [];
    const notes: string[] = [];
    for (const [k, n] of sizes.entries()) {
      const tag = `run${k}-n${n}-${stamp}`;
      print(`N=${n}: ${n} concurrent releases…`);
      recorder.reset();
      results.push(await measureRun('gantry release', n, deadlineMs, release(tag)));
      const perRelease = recorder.summary();
      notes.push(
        `N=${n}: ${perRelease.average.toFixed(2)} activities per release` +
          ` (${perRelease.distinct} distinct sequence${perRelease.distinct === 1 ? '' : 's'});` +
          ` bare runs ${perRelease.steps.length}: ${perRelease.sequence.join(' → ')}`,
      );
      print(`N=${n}: ${n} concurrent bare workflows of ${perRelease.steps.length} no-op activities…`);
      results.push(await measureRun('bare', n, deadlineMs, bare(tag, perRelease.steps)));
    }

    print();
    print(formatTable(results));
    print();
    for (const note of notes) print(note);
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

void main().then(() => process.exit(process.exitCode ?? 0));
