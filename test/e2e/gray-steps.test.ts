import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { createGantryClient, type GantryClient } from '../../src/client/gantry-client';
import type { Catalog, GrayPolicy } from '../../src/config/catalog-schema';
import { loadCatalog } from '../../src/config/load-catalog';
import { loadSettings } from '../../src/config/settings';
import { releaseWorkflowId } from '../../src/domain/naming';
import { ErrorType } from '../../src/errors';
import { parseImageRef } from '../../src/integrations/local/image-store';
import { createLocalImageBuilder } from '../../src/integrations/local/local-image-builder';
import { listTrackTargets } from '../../src/integrations/local/track-records';
import type { MetricCheck } from '../../src/ports/metrics-analysis';
import { createWorkerDependencies, type WorkerDependencies } from '../../src/workers/worker-dependencies';
import { hostPortOf } from '../../src/workers/service-host-ports';
import { freePortBlock } from '../harness/free-port';
import { cleanupGitFixtures, createBareRepo, makeTempDir } from '../harness/git-fixtures';
import { startTestPrometheus, type TestPrometheus } from '../harness/prometheus';
import { createTestWorker, startDevServer, uniqueTaskQueue } from '../harness/temporal-env';

const EXAMPLES = resolve(__dirname, '../../examples');
const ref = { service: 'hello-node', environment: 'prod' };

/** The gray track's share of 5xx over the last 30 s; no 5xx series at all is a ratio of 0, not "no data". */
const errorRatio: MetricCheck = {
  name: 'error-ratio',
  query:
    '(sum(increase(http_requests_total{service="{service}",environment="{env}",track="gray",code=~"5.."}[30s])) or vector(0))' +
    ' / sum(increase(http_requests_total{service="{service}",environment="{env}",track="gray"}[30s]))',
  op: '<',
  threshold: 0.05,
};

/**
 * Weighted gray on the embedded mode for real: the local deploy target's weighted proxy on the stable port, a real
 * Prometheus scraping the stable and gray copies (targets rewritten on every sync), real traffic from the test.
 */
describe('weighted gray steps judged by a real Prometheus (embedded mode)', () => {
  let env: TestWorkflowEnvironment;
  let prometheus: TestPrometheus;
  let deps: WorkerDependencies;
  let worker: Worker;
  let running: Promise<void>;
  let gantry: GantryClient;
  let catalog: Catalog;
  let dataDir: string;
  let stablePort: number;
  const images: string[] = [];
  let traffic: { stop: () => Promise<{ gray: number; stable: number }> } | undefined;

  const setGray = (gray: Partial<GrayPolicy>): void => {
    const service = catalog.services['hello-node']!;
    service.gray = { ...service.gray, ...gray };
  };
  const answer = async (): Promise<{ version: string }> =>
    (await (await fetch(`http://127.0.0.1:${stablePort}/`)).json()) as { version: string };
  const release = async (image: string) => {
    await gantry.requestRelease('hello-node', 'prod', { image, requestedBy: 'alice', kind: 'release' });
    return env.client.workflow.getHandle(releaseWorkflowId('hello-node', 'prod'));
  };
  const failureOf = async (image: string) => {
    const failure = await (await release(image)).result().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    return (failure as WorkflowFailedError).cause as { type?: string; message: string };
  };

  /** Requests to the public stable port every 20 ms, counting which track answered (the proxy's header). */
  function startTraffic() {
    let stopped = false;
    const seen = { gray: 0, stable: 0 };
    const loop = (async () => {
      while (!stopped) {
        try {
          const res = await fetch(`http://127.0.0.1:${stablePort}/`);
          await res.arrayBuffer();
          if (res.headers.get('x-gantry-track') === 'gray') seen.gray++;
          else seen.stable++;
        } catch {
          // the proxy restarting between tracks: the next request goes through
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    return {
      stop: async () => {
        stopped = true;
        await loop;
        return seen;
      },
    };
  }

  /** hello-node as its build leaves it (dist/ = src/), made distinct by a label file. */
  async function buildImage(label: string): Promise<string> {
    const ws = join(dataDir, 'ws', label);
    await cp(join(EXAMPLES, 'hello-node', 'src'), join(ws, 'dist'), { recursive: true });
    await cp(join(EXAMPLES, 'hello-node', 'deploy'), join(ws, 'deploy'), { recursive: true }).catch(() => undefined);
    await writeFile(join(ws, 'dist', 'label.txt'), label);
    const builder = createLocalImageBuilder({ imagesDir: join(dataDir, 'images'), logs: deps.logs });
    const built = await builder.build(
      {
        executionId: label,
        service: 'hello-node',
        commit: label,
        workspace: ws,
        language: catalog.languages['nodejs']!,
        repository: `${catalog.registry}/hello-node`,
        tag: label,
        logId: `image/${label}`,
      },
      { signal: new AbortController().signal, heartbeat: () => undefined },
    );
    return built.image;
  }

  beforeAll(async () => {
    env = await startDevServer();
    dataDir = await makeTempDir('gantry-gray-steps-');
    prometheus = await startTestPrometheus();
    catalog = await loadCatalog(join(EXAMPLES, 'gantry.yaml'));
    // prod, open all day, no promoteFrom: this test is about the gray, not the gates.
    const prod = catalog.environments['prod']!;
    Object.assign(prod, { windows: [], promoteFrom: undefined, requireDigest: false, healthTimeout: 30_000 });
    const basePort = await freePortBlock(Object.keys(catalog.services).length * 8);
    stablePort = hostPortOf(catalog, basePort)(ref, 'stable');
    const settings = loadSettings({
      GANTRY_DATA_DIR: dataDir,
      GANTRY_LOCAL_BASE_PORT: String(basePort),
      GANTRY_PROMETHEUS_URL: prometheus.url,
      GANTRY_GITOPS_REMOTE: await createBareRepo(),
    });
    const runDir = join(dataDir, 'run');
    deps = createWorkerDependencies(settings, catalog, () => undefined, {
      onTracksChanged: () => void listTrackTargets(runDir).then((targets) => prometheus.setTargets(targets)),
    });
    for (const label of ['v1', 'v2', 'v3-failing', 'v4', 'v5']) images.push(await buildImage(label));
    const taskQueue = uniqueTaskQueue('gray-steps');
    gantry = createGantryClient(env.client, taskQueue);
    worker = await createTestWorker(env, { taskQueue, activities: createActivities(deps) });
    running = worker.run();
    // v1 is the running version: straight to full, as a rollback release does.
    await gantry.requestRelease('hello-node', 'prod', { image: images[0]!, requestedBy: 'alice', kind: 'rollback' });
    await env.client.workflow.getHandle(releaseWorkflowId('hello-node', 'prod')).result();
    traffic = startTraffic();
  }, 120_000);

  afterAll(async () => {
    await traffic?.stop();
    worker?.shutdown();
    await running;
    await deps?.stop();
    await prometheus?.teardown();
    await env?.teardown();
    await cleanupGitFixtures();
  });

  it('takes a healthy gray through every step with real traffic, each step judged by its checks', async () => {
    setGray({
      promotion: 'auto',
      steps: [
        { weight: 20, bake: 12_000, checks: [errorRatio] },
        { weight: 50, bake: 10_000, checks: [errorRatio] },
      ],
      analysis: { inconclusive: 'fail' },
    });
    const before = await traffic!.stop();
    traffic = startTraffic();
    const result = await (await release(images[1]!)).result();
    const seen = await traffic.stop();
    traffic = startTraffic();
    expect(result).toMatchObject({ status: 'succeeded', image: images[1] });
    expect(before.gray).toBe(0);
    expect(seen.gray).toBeGreaterThan(10); // the weights sent real requests to gray
    const progress = await gantry.releaseProgress('hello-node', 'prod');
    expect(progress.analysis?.map((a) => [a.step, a.verdict])).toEqual([
      ['gray-20', 'pass'],
      ['gray-50', 'pass'],
    ]);
    const check = progress.analysis![1]!.results[0]!;
    expect(check).toMatchObject({ name: 'error-ratio', outcome: 'pass', value: 0, op: '<', threshold: 0.05 });
    expect(check.query).toContain('service="hello-node",environment="prod",track="gray"');
    expect(progress.stages.find((s) => s.name === 'gray')?.step).toBe('gray steps passed: 20% → 50%');
    expect((await answer()).version).toBe(images[1]);
  }, 90_000);

  it('rolls back at its step a gray whose error ratio passes the threshold, showing the query and its value', async () => {
    setGray({ steps: [{ weight: 50, bake: 15_000, checks: [errorRatio] }] });
    // The gray copy runs in <run>/prod/hello-node/gray-<hex>; a FAIL_RATIO file there makes half its answers 500.
    const grayDir = join(dataDir, 'run', 'prod', 'hello-node', `gray-${parseImageRef(images[2]!).hex.slice(0, 12)}`);
    await mkdir(grayDir, { recursive: true });
    await writeFile(join(grayDir, 'FAIL_RATIO'), '0.5');
    const cause = await failureOf(images[2]!);
    expect(cause.type).toBe(ErrorType.ReleaseRolledBack);
    const progress = await gantry.releaseProgress('hello-node', 'prod');
    expect(progress.status).toBe('rolled-back');
    expect(progress.lastError?.type).toBe(ErrorType.AnalysisFailed);
    expect(progress.lastError?.message).toMatch(/^gray 50%: metric check failed: error-ratio: /);
    expect(progress.lastError?.message).toContain('track="gray",code=~"5.."}[30s])) or vector(0))');
    expect(progress.lastError?.message).toMatch(/ = 0\.\d+ \(wants < 0\.05\): failed/);
    expect(cause.message).toContain('AnalysisFailed: gray 50%');
    expect(progress.analysis?.[0]).toMatchObject({ step: 'gray-50', verdict: 'fail' });
    expect(progress.analysis![0]!.results[0]!.value).toBeGreaterThan(errorRatio.threshold);
    expect((await answer()).version).toBe(images[1]);
  }, 60_000);

  it('follows the inconclusive policy when Prometheus is down: fail rolls back, pause waits for a person', async () => {
    await prometheus.stop();
    setGray({ steps: [{ weight: 20, bake: 2_000, checks: [errorRatio] }], analysis: { inconclusive: 'fail' } });
    const cause = await failureOf(images[3]!);
    expect(cause.type).toBe(ErrorType.ReleaseRolledBack);
    let progress = await gantry.releaseProgress('hello-node', 'prod');
    expect(progress.lastError?.type).toBe(ErrorType.AnalysisFailed);
    expect(progress.lastError?.message).toContain('gray 20%: analysis inconclusive (policy: fail)');
    expect(progress.lastError?.message).toMatch(/could not be evaluated \(.*ECONNREFUSED/);
    expect((await answer()).version).toBe(images[1]);

    setGray({ analysis: { inconclusive: 'pause' } });
    const handle = await release(images[4]!);
    await waitForStatus('waiting-for-promotion');
    progress = await gantry.releaseProgress('hello-node', 'prod');
    expect(progress.analysis?.[0]).toMatchObject({ step: 'gray-20', verdict: 'pause' });
    expect(progress.stages.find((s) => s.name === 'gray')?.step).toMatch(
      /^gray 20%: analysis inconclusive, paused for a person: error-ratio: .* could not be evaluated/,
    );
    await gantry.decide('hello-node', 'prod', 'promote', { by: 'alice' });
    expect(await handle.result()).toMatchObject({ status: 'succeeded', image: images[4] });
    expect((await answer()).version).toBe(images[4]);
  }, 90_000);

  async function waitForStatus(status: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while ((await gantry.releaseProgress('hello-node', 'prod').catch(() => undefined))?.status !== status) {
      if (Date.now() > deadline) throw new Error(`release never reached ${status}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
});
