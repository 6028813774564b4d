/**
 * `node dist/bench/window-bench.js [--n 1000]`: a release window opening with N releases parked on it (issue 12,
 * item 5), against N bare workflows parked on one timer doing the same number of activities. Reports worker and
 * server RSS while parked, and the time from the opening until all passed the gate and until all were done.
 * Same doubles as the release bench (bench/doubles.ts); the worker uses the product's workflow-task tuning.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Context } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createGantryClient } from '../src/client/gantry-client';
import { WEEKDAYS } from '../src/config/catalog-schema';
import { startDevServer } from '../src/embedded/dev-server';
import { temporalBinary } from '../src/embedded/temporal-binaries';
import { WORKFLOW_CACHE, WORKFLOW_TASK_TUNING } from '../src/workers/create-worker';
import type { releaseWorkflow } from '../src/workflows/release-workflow';
import { ActivityRecorder, BENCH_ENV, BENCH_USER, benchActivities, benchCatalog, serviceName } from './doubles';
import { findPid, freePorts, percentile } from './measure';
import type { parkedBareWorkflow } from './window-bench-workflows';

const TASK_QUEUE = 'gantry-window-bench';
const print = (line = ''): void => void process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (bytes: number): number => Math.round(bytes / 1024 / 1024);

function rssOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return line ? Number(line.split(/\s+/)[1]) * 1024 : NaN;
}

interface WindowRun {
  run: string;
  n: number;
  parkS: number;
  parkedByOpening: number;
  workerRssMiB: number;
  serverRssMiB: number;
  gateAllS: number;
  gateP50S: number;
  gateWithin60: number;
  doneAllS: number;
  errors: number;
  load1: number;
}

/** Runs `n` starts at most `width` at a time. */
async function startAll(n: number, width: number, start: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await start(next++);
    }),
  );
}

async function main(): Promise<void> {
  const nArg = process.argv.indexOf('--n');
  const n = nArg > 0 ? Number(process.argv[nArg + 1]) : 1000;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const dataDir = mkdtempSync(join(tmpdir(), 'gantry-window-bench-'));
  const [port, uiPort] = await freePorts(2);
  const dev = await startDevServer({
    binary: temporalBinary('cli'),
    dataDir,
    address: `127.0.0.1:${port}`,
    uiUrl: `http://127.0.0.1:${uiPort}`,
    log: () => undefined,
  });
  const serverPid = findPid(dataDir);
  const bundlePath = join(dataDir, 'workflows.js');
  await promisify(execFile)(process.execPath, [require.resolve('./bundle'), bundlePath, './window-bench-workflows']);

  // The window is set per run below; planRelease reads the catalog object when each release starts.
  const catalog = benchCatalog(n);
  const recorder = new ActivityRecorder();
  /** When each workflow ran its first activity after the gate (the window, or the bare timer). */
  const pastGate = new Map<string, number>();
  let bareGateStep = -1;
  const markGate = () => {
    const id = Context.current().info.workflowExecution?.workflowId ?? 'standalone';
    if (!pastGate.has(id)) pastGate.set(id, Date.now());
  };
  const base = benchActivities(catalog, recorder);
  const activities = {
    ...base,
    async readDeployment(...args: Parameters<typeof base.readDeployment>) {
      markGate();
      return base.readDeployment(...args);
    },
    async benchNoop(step: number) {
      if (step === bareGateStep) markGate();
      return base.benchNoop(step);
    },
  };
  const connection = await NativeConnection.connect({ address: dev.address });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue: TASK_QUEUE,
    workflowBundle: { codePath: bundlePath },
    activities,
    ...WORKFLOW_TASK_TUNING,
    maxCachedWorkflows: WORKFLOW_CACHE,
    maxConcurrentActivityTaskExecutions: 200,
    shutdownGraceTime: '5s',
  });
  const running = worker.run();
  const clientConnection = await Connection.connect({ address: dev.address });
  const client = new Client({ connection: clientConnection, namespace: 'default' });
  const gantry = createGantryClient(client, TASK_QUEUE);
  const parkBudgetMs = Math.max(30_000, n * 60);
  const results: WindowRun[] = [];

  /** Parks n workflows, samples RSS until the opening, then times gate and completion from the opening. */
  async function measure(
    run: string,
    openingFor: (now: number) => number,
    park: (i: number, opening: number) => Promise<void>,
    finish: (i: number) => Promise<unknown>,
  ): Promise<WindowRun> {
    pastGate.clear();
    recorder.reset();
    const t0 = Date.now();
    const opening = openingFor(t0);
    await startAll(n, 50, (i) => park(i, opening));
    const parkS = (Date.now() - t0) / 1000;
    let workerRss = 0;
    let serverRss = 0;
    while (Date.now() < opening - 500) {
      workerRss = Math.max(workerRss, process.memoryUsage().rss);
      serverRss = Math.max(serverRss, rssOf(serverPid));
      await sleep(500);
    }
    const parkedByOpening = recorder.byRun.size;
    let errors = 0;
    const doneAt: number[] = [];
    await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        try {
          await finish(i);
          doneAt.push(Date.now());
        } catch (err) {
          if (errors++ < 3) print(`${run} #${i}: ${(err as Error).message}`);
        }
      }),
    );
    const gates = [...pastGate.values()].map((t) => (t - opening) / 1000).sort((a, b) => a - b);
    return {
      run,
      n,
      parkS,
      parkedByOpening,
      workerRssMiB: mib(workerRss),
      serverRssMiB: mib(serverRss),
      gateAllS: gates.length === n ? gates[n - 1]! : NaN,
      gateP50S: percentile(gates, 50),
      gateWithin60: gates.filter((g) => g <= 60).length,
      doneAllS: (Math.max(...doneAt) - opening) / 1000,
      errors,
      load1: loadavg()[0] ?? NaN,
    };
  }

  try {
    // Releases: parked on a window (minute resolution) that opens once all have had time to park.
    const release = await measure(
      'gantry release',
      (now) => {
        const opening = Math.ceil((now + parkBudgetMs) / 60_000) * 60_000;
        const at = new Date(opening);
        const hhmm = (d: Date) => d.toISOString().slice(11, 16);
        const end = new Date(
          Math.min(opening + 3_600_000, Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), 23, 59)),
        );
        const env = catalog.environments[BENCH_ENV]!;
        env.timeZone = 'UTC';
        env.windows = [{ days: [WEEKDAYS[(at.getUTCDay() + 6) % 7]!], start: hhmm(at), end: hhmm(end) }];
        return opening;
      },
      async (i) => {
        const service = serviceName(i);
        await gantry.requestRelease(service, BENCH_ENV, {
          image: `registry.gantry.local/${service}:w`,
          requestedBy: BENCH_USER,
          kind: 'release',
        });
      },
      async (i) => {
        const result = await client.workflow
          .getHandle<typeof releaseWorkflow>(`release/${serviceName(i)}/${BENCH_ENV}`)
          .result();
        if (result.status !== 'succeeded') throw new Error(`release ${i}: ${result.status}`);
      },
    );
    results.push(release);
    // The same number of activities, split the same way around the wait.
    const perRun = [...recorder.byRun.values()];
    const total = Math.round(perRun.reduce((s, r) => s + r.length, 0) / Math.max(1, perRun.length));
    const before = 2; // planRelease, then the "waiting for the window" notification
    bareGateStep = before;
    results.push(
      await measure(
        'bare',
        (now) => now + parkBudgetMs,
        async (i, opening) => {
          await client.workflow.start<typeof parkedBareWorkflow>('parkedBareWorkflow', {
            taskQueue: TASK_QUEUE,
            workflowId: `bare-window/${i}`,
            args: [opening, before, total - before],
          });
        },
        (i) => client.workflow.getHandle(`bare-window/${i}`).result(),
      ),
    );
    print(`activities per release: ${total} (bare: ${before} before the timer, ${total - before} after)`);
    print();
    print(
      '| run | N | parking s | parked by opening | worker RSS parked MiB | server RSS parked MiB | all past gate s | p50 past gate s | past gate ≤ 60 s | all done s | errors | load1 |',
    );
    print('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of results) {
      print(
        `| ${r.run} | ${r.n} | ${r.parkS.toFixed(1)} | ${r.parkedByOpening} | ${r.workerRssMiB} | ${r.serverRssMiB} | ${r.gateAllS.toFixed(1)} | ${r.gateP50S.toFixed(1)} | ${r.gateWithin60} | ${r.doneAllS.toFixed(1)} | ${r.errors} | ${r.load1.toFixed(2)} |`,
      );
    }
    const [rel, bare] = results;
    if (rel && bare) print(`\nall done: release ${(rel.doneAllS / bare.doneAllS).toFixed(2)}× bare`);
  } finally {
    worker.shutdown();
    await running.catch(() => undefined);
    await connection.close();
    await clientConnection.close();
    await dev.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    print(`window bench failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
