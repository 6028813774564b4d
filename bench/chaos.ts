/**
 * `npm run chaos`: the fault suite of issue 9, from outside Gantry. Separate processes: the Temporal dev server
 * (.tools/bin), the API server (dist/src/server/main.js), the worker (dist/src/workers/main.js) and the Argo CD
 * double (bench/chaos-argocd.ts), with a real GitOps repo (bare, file://). First N releases without faults (the
 * baseline), then N more while the worker is killed with -9 three times and stopped with SIGTERM once, the dev
 * server is killed and restarted once, and 500 GitLab webhook deliveries (with redeliveries and second hooks for
 * the same commits) arrive. Prints the table of the issue; exit code 1 when a "must be 0" row is not.
 *
 *   npm run chaos -- [--n 50] [--rollout-s 25] [--deliveries 500] [--timeout-min 20]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { request } from 'undici';
import { stringify } from 'yaml';
import { startDevServer, type DevServer } from '../src/embedded/dev-server';
import { temporalBinary } from '../src/embedded/temporal-binaries';
import { gitlabPush, sha } from '../src/testing/webhook-senders';
import { BENCH_LANGUAGES } from './doubles';
import { managed, until } from './chaos-processes';
import { findPid, freePorts, percentile } from './measure';

const ENV = 'chaos';
const USER = 'chaos';
const TOKEN = 'chaos-hook-token';
const QUEUE = 'gantry-chaos';
const ROOT = resolve(__dirname, '../..');
const print = (line = ''): void => void process.stdout.write(`${line}\n`);
const svc = (i: number): string => `svc-${i}`;

function parseArgs(argv: string[]) {
  const o = { n: 50, rolloutS: 25, deliveries: 500, timeoutMin: 20 };
  for (let i = 0; i < argv.length; i += 2) {
    const value = Number(argv[i + 1]);
    if (argv[i] === '--n') o.n = value;
    else if (argv[i] === '--rollout-s') o.rolloutS = value;
    else if (argv[i] === '--deliveries') o.deliveries = value;
    else if (argv[i] === '--timeout-min') o.timeoutMin = value;
    else throw new Error(`unknown argument ${argv[i]}; use --n, --rollout-s, --deliveries, --timeout-min`);
  }
  return o;
}

function catalog(n: number) {
  return {
    environments: { [ENV]: { releasers: ['*'], gray: true, healthTimeout: '10m' } },
    languages: BENCH_LANGUAGES,
    people: { [USER]: { name: 'Chaos' } },
    teams: { chaos: { leads: [USER] } },
    services: Object.fromEntries(
      Array.from({ length: n }, (_, i) => [
        svc(i),
        {
          repo: `https://git.example.com/shop/${svc(i)}.git`,
          language: 'nodejs',
          owners: [USER],
          team: 'chaos',
          gray: { enabled: true, promotion: 'auto', bake: '0s' },
        },
      ]),
    ),
  };
}

interface Answer {
  path: string;
  status: number;
  /** When the call began (epoch ms) and how long its answer took. */
  begin: number;
  ms: number;
  temporalUp: boolean;
  /**
   * Sent after the dev server was started again but before the suite saw it answer: Gantry may rightly serve it
   * (it reached the restarted Temporal first) or answer 503 (within 2 s); never another 5xx.
   */
  restarting: boolean;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'gantry-chaos-'));
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.splice(0).reverse()) await step().catch((e: Error) => print(`cleanup: ${e.message}`));
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    print(`fault suite in ${dir} (process logs there)`);
    const loadStart = loadavg()[0]!;
    const gitops = join(dir, 'gitops.git');
    execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', gitops]);
    const catalogPath = join(dir, 'catalog.yaml');
    writeFileSync(catalogPath, stringify(catalog(o.n)));
    const [temporalPort, uiPort, httpPort, opsPort] = await freePorts(4);
    const address = `127.0.0.1:${temporalPort}`;
    const api = `http://127.0.0.1:${httpPort}`;

    // Temporal dev server: state on disk, so a kill -9 and restart loses nothing.
    let temporalUp = false;
    let outageFrom = 0;
    let restarting = false;
    let dev: DevServer | undefined;
    const startTemporal = async () => {
      dev = await startDevServer({
        binary: temporalBinary('cli'),
        dataDir: join(dir, 'temporal'),
        address,
        uiUrl: `http://127.0.0.1:${uiPort}`,
        log: () => undefined,
      });
      temporalUp = true;
    };
    await startTemporal();
    cleanups.push(async () => dev?.stop());

    const argo = managed('argocd', dir, [join(__dirname, 'chaos-argocd.js'), String(o.rolloutS * 1000)], {});
    await argo.start();
    cleanups.push(() => argo.stop());
    const double = JSON.parse(await argo.firstLine()) as { url: string; token: string; statsUrl: string };

    const bundle = join(dir, 'workflows.js');
    execFileSync(process.execPath, [join(__dirname, 'bundle.js'), bundle]);
    const env = {
      GANTRY_DATA_DIR: join(dir, 'data'),
      GANTRY_CATALOG: catalogPath,
      GANTRY_TEMPORAL_ADDRESS: address,
      GANTRY_TASK_QUEUE: QUEUE,
      GANTRY_HTTP_PORT: String(httpPort),
      GANTRY_API_URL: api,
      GANTRY_GITLAB_TOKEN: TOKEN,
      GANTRY_GITOPS_REMOTE: `file://${gitops}`,
      GANTRY_DEPLOY_TARGET: 'argocd',
      GANTRY_ARGOCD_URL: double.url,
      GANTRY_ARGOCD_TOKEN: double.token,
      GANTRY_ARGOCD_POLL: '500ms',
      GANTRY_METRICS_PORT: '0',
      GANTRY_SDK_METRICS_PORT: '0',
      GANTRY_WORKFLOW_BUNDLE: bundle,
    };
    // The server's operations port serves /readyz (Temporal reachable); the worker's stays off (one port each).
    const server = managed('api', dir, [join(ROOT, 'dist/src/server/main.js')], {
      ...env,
      GANTRY_METRICS_PORT: String(opsPort),
    });
    const worker = managed('worker', dir, [join(ROOT, 'dist/src/workers/main.js')], env);
    await server.start();
    await worker.start();
    cleanups.push(
      () => server.stop(),
      () => worker.stop(),
    );
    const readyz = `http://127.0.0.1:${opsPort}/readyz`;
    const ready = await until(async () => (await request(readyz)).statusCode === 200, 60_000);
    if (!ready) throw new Error(`the API server did not become ready on ${api} (see ${dir}/api.log)`);

    const answers: Answer[] = [];
    const call = async (path: string, body: string, headers: Record<string, string> = {}, method = 'POST') => {
      const up = temporalUp;
      const duringRestart = restarting;
      const begin = Date.now();
      const res = await request(`${api}${path}`, {
        method: method as 'POST' | 'GET',
        headers: { 'content-type': 'application/json', ...headers },
        ...(method === 'GET' ? {} : { body }),
        headersTimeout: 30_000,
      }).catch(() => undefined);
      const status = res?.statusCode ?? 599;
      await res?.body.dump();
      answers.push({
        path,
        status,
        begin,
        ms: Date.now() - begin,
        temporalUp: up && temporalUp,
        restarting: duringRestart,
      });
      return status;
    };

    const connection = await Connection.connect({ address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection });

    /** Releases all services with `tag`; resolves with each one's outcome and time once all finished or timed out. */
    const releaseAll = async (tag: string) => {
      const started = Date.now();
      const outcomes = await Promise.all(
        Array.from({ length: o.n }, async (_, i) => {
          const image = `registry.gantry.local/${svc(i)}:${tag}`;
          const body = JSON.stringify({ service: svc(i), environment: ENV, requestedBy: USER, image });
          // The API may answer 503 while Temporal is down: a client retries, as the CLI tells people to.
          while ((await call('/api/releases', body)) >= 500) await sleep(1000);
          const begin = Date.now();
          for (;;) {
            const handle = client.workflow.getHandle(`release/${svc(i)}/${ENV}`);
            try {
              const { status } = await handle.describe();
              if (status.name !== 'RUNNING') {
                const result = (await handle.result().catch((e: Error) => ({ status: `failed: ${e.message}` }))) as {
                  status: string;
                  image?: string;
                };
                const ok = result.status === 'succeeded' && result.image === image;
                return { outcome: ok ? 'succeeded' : result.status, ms: Date.now() - begin };
              }
            } catch {
              // Temporal restarting: ask again.
            }
            if (Date.now() - started > o.timeoutMin * 60_000) return { outcome: 'stuck', ms: Date.now() - begin };
            await sleep(1000);
          }
        }),
      );
      return outcomes;
    };

    print(`baseline: ${o.n} releases without faults…`);
    const stamp = Date.now().toString(36);
    const baseline = await releaseAll(`base-${stamp}`);
    const p50 = (xs: { ms: number }[]) =>
      percentile(
        xs.map((x) => x.ms).sort((a, b) => a - b),
        50,
      );

    print(`faults: ${o.n} releases, worker kill -9 ×3, SIGTERM ×1, dev server restart, ${o.deliveries} deliveries…`);
    const faulty = releaseAll(`chaos-${stamp}`);
    const restartWorker = async (signal: NodeJS.Signals) => {
      await worker.stop(signal, 60_000);
      await worker.start();
    };
    const faults = (async () => {
      const step = (o.rolloutS * 1000) / 2;
      await sleep(step);
      await restartWorker('SIGKILL');
      await sleep(step);
      await restartWorker('SIGTERM'); // during health waits longer than the 20 s grace
      await sleep(step);
      await restartWorker('SIGKILL');
      await sleep(step);
      const pid = findPid(join(dir, 'temporal'));
      temporalUp = false;
      outageFrom = Date.now();
      if (pid) process.kill(pid, 'SIGKILL');
      // Callers during the outage: a decision and a release read every 500 ms, answered 503 within 2 s or not.
      const probes = (async () => {
        while (!temporalUp) {
          await Promise.all([
            call(`/api/releases/${svc(0)}/${ENV}/promote`, JSON.stringify({ by: USER })),
            call(`/api/releases/${svc(0)}/${ENV}`, '', {}, 'GET'),
          ]);
          await sleep(500);
        }
      })();
      await sleep(10_000);
      restarting = true;
      await startTemporal();
      restarting = false;
      await probes;
      await sleep(step);
      await restartWorker('SIGKILL');
    })();
    const hooks = (async () => {
      // 5 deliveries per commit: the first, two redeliveries (same event id), two second hooks (new event id).
      const commits = Math.ceil(o.deliveries / 5);
      const jobs: (() => Promise<number>)[] = [];
      for (let k = 0; k < commits; k++) {
        const project = `shop/${svc(k % o.n)}`;
        const after = sha(`${stamp}-${k}`);
        for (let d = 0; d < 5 && jobs.length < o.deliveries; d++) {
          const uuid = d < 3 ? `${stamp}-${k}-first` : `${stamp}-${k}-second-${d}`;
          const delivery = gitlabPush({
            token: TOKEN,
            branch: ENV,
            project,
            after,
            eventUuid: uuid,
            idempotencyKey: uuid,
          });
          jobs.push(() => call(delivery.path, delivery.body, delivery.headers));
        }
      }
      for (let i = 0; i < jobs.length; i += 10) {
        await Promise.all(jobs.slice(i, i + 10).map((job) => job()));
        await sleep(100);
      }
      return commits;
    })();
    const [outcomes, , commits] = await Promise.all([faulty, faults, hooks]);

    // Duplicates, counted where they would land: GitOps trailers, pipeline runs per workflow id, syncs per revision.
    const trailers = execFileSync('git', [
      '-C',
      gitops,
      'log',
      '--format=%(trailers:key=Gantry-Change,valueonly)',
      'main',
    ])
      .toString()
      .split('\n')
      .filter(Boolean);
    const duplicateCommits = trailers.length - new Set(trailers).size;
    const pipelineRuns = new Map<string, number>();
    for await (const wf of client.workflow.list({ query: `WorkflowType = 'pipelineWorkflow'` })) {
      pipelineRuns.set(wf.workflowId, (pipelineRuns.get(wf.workflowId) ?? 0) + 1);
    }
    const duplicatePipelines = [...pipelineRuns.values()].reduce((sum, runs) => sum + runs - 1, 0);
    const stats = (await (await request(`${double.statsUrl}/`)).body.json()) as {
      syncs: Record<string, number>;
      terminations: Record<string, number>;
    };
    const extraSyncs = Object.values(stats.syncs).reduce((sum, c) => sum + c - 1, 0);

    const count = (what: string) => outcomes.filter((x) => x.outcome === what).length;
    const rolledBack = outcomes.filter((x) => /roll/i.test(x.outcome)).length;
    const failed = o.n - count('succeeded') - count('stuck') - rolledBack;
    const up5xx = answers.filter((a) => a.temporalUp && a.status >= 500).length;
    const down = answers.filter((a) => !a.temporalUp && !a.restarting);
    const restart = answers.filter((a) => !a.temporalUp && a.restarting);
    // A served answer reached the restarted Temporal (it may be slow while the dev server and worker warm up).
    const restartOk = restart.filter((a) => a.status < 500 || (a.status === 503 && a.ms <= 2000)).length;
    const downOk = down.filter((a) => a.status === 503 && a.ms <= 2000).length;
    const ratio = p50(outcomes) / Math.max(1, p50(baseline));
    const rows: [string, string | number, string][] = [
      ['releases succeeded', `${count('succeeded')} / ${o.n}`, `${o.n}`],
      ['releases failed', failed, '0'],
      ['releases stuck', count('stuck'), '0'],
      ['releases unexpectedly rolled back', rolledBack, '0'],
      ['duplicate GitOps commits (Gantry-Change)', duplicateCommits, '0'],
      ['extra Argo CD syncs of one revision', extraSyncs, '0'],
      ['Argo CD operations terminated', Object.values(stats.terminations).reduce((a, b) => a + b, 0), '0'],
      [`duplicate pipelines (${pipelineRuns.size} for ${commits} commits)`, duplicatePipelines, '0'],
      ['5xx answers while Temporal was up', up5xx, '0'],
      ['answers while Temporal was down: 503 within 2 s', `${downOk} / ${down.length}`, 'all'],
      ['slowest answer while Temporal was down', `${Math.max(0, ...down.map((a) => a.ms))} ms`, '≤ 2000 ms'],
      ['answers while it restarted: served, or 503 within 2 s', `${restartOk} / ${restart.length}`, 'all'],
      ['p50 release time, baseline', `${(p50(baseline) / 1000).toFixed(1)} s`, ''],
      ['p50 release time, with faults', `${(p50(outcomes) / 1000).toFixed(1)} s (${ratio.toFixed(2)}×)`, '≤ 1.5×'],
    ];
    print();
    print(`load average (1 min): ${loadStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end`);
    print('| measure | value | goal |');
    print('|---|---:|---:|');
    for (const [name, value, goal] of rows) print(`| ${name} | ${value} | ${goal} |`);
    for (const x of outcomes.filter((x) => x.outcome !== 'succeeded').slice(0, 10))
      print(`not succeeded: ${x.outcome}`);
    const missed = [
      ...down.filter((a) => a.status !== 503 || a.ms > 2000),
      ...restart.filter((a) => a.status >= 500 && (a.status !== 503 || a.ms > 2000)),
    ];
    for (const a of missed.slice(0, 10))
      print(`missed: ${a.path} → ${a.status} after ${a.ms} ms (sent ${a.begin - outageFrom} ms into the outage)`);
    const bad =
      count('succeeded') !== o.n ||
      duplicateCommits + duplicatePipelines + extraSyncs + up5xx > 0 ||
      downOk !== down.length ||
      restartOk !== restart.length ||
      ratio > 1.5;
    process.exitCode = bad ? 1 : 0;
  } catch (err) {
    print(`fault suite failed: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
  } finally {
    setTimeout(() => process.exit(1), 60_000).unref();
    await cleanup();
    if (process.exitCode === 0) rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: Error) => {
    print(`fault suite failed: ${err.message}`);
    process.exit(1);
  },
);
