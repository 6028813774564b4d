import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { GantryClient } from '../../src/client/gantry-client';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import { startBacklogPoller } from '../../src/metrics/backlog-poller';
import { instrumentServer } from '../../src/metrics/http-metrics';
import { startMetricsServer } from '../../src/metrics/metrics-server';
import { withMetrics } from '../../src/metrics/notifier-metrics';
import { temporalReachable, workerReadiness } from '../../src/metrics/observability';
import { createGantryMetrics, type GantryMetrics } from '../../src/metrics/registry';
import type { ReleaseProgress } from '../../src/domain/progress';
import { createHttpServer } from '../../src/server/http-server';
import { testCatalog } from '../harness/catalog-fixture';
import { cleanupGitFixtures, makeTempDir } from '../harness/git-fixtures';
import { createTestWorker, startDevServer, uniqueTaskQueue } from '../harness/temporal-env';
import { waitFor } from '../harness/wait-for';

const closers: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await cleanupGitFixtures();
});

async function opsServer(metrics: GantryMetrics, ready = async () => ({ ready: true })) {
  const ops = await startMetricsServer({ registry: metrics.registry, ready, host: '127.0.0.1', port: 0 });
  closers.push(ops.close);
  const base = `http://127.0.0.1:${ops.port}`;
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
  };
  return { get, scrape: async () => (await get('/metrics')).body };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(r)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const release = (over: Partial<ReleaseProgress>): ReleaseProgress => ({
  workflowId: 'release/orders/prod',
  releaseId: 'release/orders/prod@run-9',
  service: 'orders',
  environment: 'prod',
  image: 'registry.example.com/orders@sha256:9',
  previousImage: 'registry.example.com/orders@sha256:8',
  requestedBy: 'alice',
  status: 'pending',
  stages: [],
  percent: 0,
  currentStep: '',
  approvals: [],
  superseded: [],
  ...over,
});

describe('the metrics endpoint of a worker', () => {
  it('serves Gantry series with their labels after release events went through the notifier', async () => {
    const metrics = createGantryMetrics({ processMetrics: true });
    const ops = await opsServer(metrics);
    const notifier = withMetrics({ notify: async () => undefined }, metrics);
    await notifier.notify({ kind: 'started', mention: [], progress: release({ status: 'deploying-gray' }) });
    const finished = release({
      status: 'rolled-back',
      approvals: [{ kind: 'emergency', by: 'bob', at: '2025-03-04T02:00:00Z', reason: 'INC-7' }],
      stages: [
        { name: 'window', state: 'skipped', percent: 100, endedAt: '2025-03-04T02:00:00Z' },
        {
          name: 'gray',
          state: 'failed',
          percent: 70,
          startedAt: '2025-03-04T02:00:00Z',
          endedAt: '2025-03-04T02:01:30Z',
        },
        { name: 'rollback', state: 'succeeded', percent: 100, endedAt: '2025-03-04T02:02:00Z' },
      ],
    });
    await notifier.notify({ kind: 'rolled-back', mention: [], progress: finished });
    await notifier.notify({ kind: 'rolled-back', mention: [], progress: finished }); // retried activity

    const res = await ops.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/plain');
    const lines = res.body.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'gantry_release_events_total{service="orders",environment="prod",kind="started"} 1',
        'gantry_release_events_total{service="orders",environment="prod",kind="rolled-back"} 1',
        'gantry_releases_finished_total{environment="prod",status="rolled-back"} 1',
        'gantry_release_stage_duration_seconds_bucket{le="120",environment="prod",stage="gray",state="failed"} 1',
        'gantry_release_stage_duration_seconds_sum{environment="prod",stage="gray",state="failed"} 90',
        'gantry_approvals_total{environment="prod",kind="emergency"} 1',
        'gantry_rollbacks_total{environment="prod"} 1',
      ]),
    );
    expect(res.body).toContain('# TYPE gantry_task_queue_backlog gauge');
    expect(res.body).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it('answers /healthz, and /readyz with the reason when not ready or when the check hangs', async () => {
    let state = { ready: false, detail: 'worker is INITIALIZED' };
    const ops = await opsServer(createGantryMetrics(), async () => state);
    expect(await ops.get('/healthz')).toMatchObject({ status: 200, body: 'ok\n' });
    expect(await ops.get('/readyz')).toMatchObject({ status: 503, body: 'not ready: worker is INITIALIZED\n' });
    state = { ready: true, detail: '' };
    expect(await ops.get('/readyz')).toMatchObject({ status: 200 });
    expect((await ops.get('/nope')).status).toBe(404);

    const metrics = createGantryMetrics();
    const hanging = await startMetricsServer({
      registry: metrics.registry,
      ready: () => new Promise(() => undefined),
      readyTimeoutMs: 200,
      host: '127.0.0.1',
      port: 0,
    });
    closers.push(hanging.close);
    const res = await fetch(`http://127.0.0.1:${hanging.port}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('took more than 200 ms');
  });
});

describe('the instrumented API server', () => {
  it('counts requests by route template and status, times them, and counts refused webhook deliveries', async () => {
    const metrics = createGantryMetrics();
    const ops = await opsServer(metrics);
    // The real handler; the refused and trivial requests below never reach Temporal, so no client is needed.
    // Cast: the handler's dependencies grow with the integrations; these requests need only the ones given.
    const deps = {
      gantry: {} as GantryClient,
      catalog: testCatalog(),
      logs: createFileLogStore(await makeTempDir()),
      gitlabToken: 'hook-secret',
      githubSecret: '',
      repoBase: 'https://git.example.com/shop',
    } as Parameters<typeof createHttpServer>[0];
    const server = createHttpServer(deps);
    const url = await listen(instrumentServer(server, metrics));
    const hook = (headers: Record<string, string>, body = '{}') =>
      fetch(`${url}/hooks/gitlab`, { method: 'POST', headers, body });

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await hook({ 'content-type': 'application/json', 'x-gitlab-token': 'forged' })).status).toBe(401);
    expect((await hook({ 'content-type': 'text/plain', 'x-gitlab-token': 'hook-secret' })).status).toBe(415);
    expect((await fetch(`${url}/wp-admin/setup.php`)).status).toBe(404);

    const text = await ops.scrape();
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        'gantry_http_requests_total{route="/healthz",method="GET",status="200"} 2',
        'gantry_http_requests_total{route="/hooks/gitlab",method="POST",status="401"} 1',
        'gantry_http_requests_total{route="/hooks/gitlab",method="POST",status="415"} 1',
        'gantry_http_requests_total{route="unmatched",method="GET",status="404"} 1',
        'gantry_http_request_duration_seconds_count{route="/healthz",method="GET"} 2',
        'gantry_webhook_rejections_total{source="gitlab",reason="unauthorized"} 1',
        'gantry_webhook_rejections_total{source="gitlab",reason="unsupported-media-type"} 1',
      ]),
    );
  });

  it('counts each request once when the wrapped server has a plain listener', async () => {
    const metrics = createGantryMetrics();
    const server = createServer((_req, res) => res.writeHead(204).end());
    const url = await listen(instrumentServer(server, metrics));
    for (let i = 0; i < 3; i++) expect((await fetch(`${url}/api/releases`, { method: 'POST' })).status).toBe(204);
    const counted = await metrics.httpRequests.get();
    expect(counted.values).toEqual([{ value: 3, labels: { route: '/api/releases', method: 'POST', status: '204' } }]);
  });
});

describe('against a real Temporal server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await startDevServer();
    closers.push(() => env.teardown());
  });

  it('reports the backlog of a task queue nobody polls', async () => {
    const metrics = createGantryMetrics();
    const ops = await opsServer(metrics);
    const taskQueue = uniqueTaskQueue('backlog');
    for (let i = 0; i < 3; i++) {
      await env.client.workflow.start('releaseWorkflow', {
        taskQueue,
        workflowId: `backlog-${taskQueue}-${i}`,
        args: [],
      });
    }
    const poller = startBacklogPoller({
      workflowService: env.client.workflowService,
      namespace: env.namespace ?? 'default',
      taskQueues: [taskQueue],
      metrics,
      intervalMs: 200,
    });
    closers.push(() => poller.stop());
    const series = `gantry_task_queue_backlog{task_queue="${taskQueue}",task_queue_type="workflow"} 3`;
    await waitFor('the backlog of 3 workflow tasks', async () =>
      (await ops.scrape()).includes(series) ? true : undefined,
    );
    expect(await ops.scrape()).toContain(
      `gantry_task_queue_backlog{task_queue="${taskQueue}",task_queue_type="activity"} 0`,
    );
  });

  it('is ready only while the worker runs and Temporal answers', async () => {
    const worker = await createTestWorker(env, { taskQueue: uniqueTaskQueue('ready'), activities: {} });
    const ready = workerReadiness(worker, temporalReachable(env.client.connection));
    expect(await ready()).toEqual({ ready: false, detail: 'worker is INITIALIZED' });
    const running = worker.run();
    await waitFor('worker RUNNING', async () => (worker.getState() === 'RUNNING' ? true : undefined));
    expect(await ready()).toEqual({ ready: true });
    worker.shutdown();
    await running;
    expect((await ready()).ready).toBe(false);

    const refused = temporalReachable({
      workflowService: { getSystemInfo: () => Promise.reject(new Error('connection refused')) },
      withDeadline: (_deadline, fn) => fn(),
    });
    expect(await refused()).toEqual({ ready: false, detail: 'Temporal unreachable: connection refused' });
  });

  it('says not ready within its own deadline when Temporal does not answer', async () => {
    // A frontend that accepts the call and never answers, and a runtime that ignores the deadline: still on time.
    const silent = temporalReachable(
      { workflowService: { getSystemInfo: () => new Promise(() => undefined) }, withDeadline: (_d, fn) => fn() },
      300,
    );
    const started = Date.now();
    expect(await silent()).toEqual({ ready: false, detail: 'Temporal unreachable: no answer within 300 ms' });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
