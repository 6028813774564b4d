import { createArgoCdClient, ArgoCdError, type ArgoCdClient } from '../../src/integrations/argocd/argocd-client';
import { createArgoCdDeployTarget } from '../../src/integrations/argocd/argocd-deploy-target';
import type { DeploymentState } from '../../src/domain/deployment';
import { DeployError, type DeployIo, type DeployRef } from '../../src/ports/deploy-target';
import { startArgoCdServer, type ArgoCdDouble, type ArgoScenario } from '../../src/testing/argocd-server';

const ref: DeployRef = { service: 'hello', environment: 'dev' };
const APP = 'hello-dev';
const APP_PATH = `/api/v1/applications/${APP}`;
const expected: DeploymentState = { stable: 'registry.test/hello:v2', gray: null };

let argo: ArgoCdDouble;
let client: ArgoCdClient;

beforeEach(async () => {
  argo = await startArgoCdServer({ token: 'secret' });
  client = createArgoCdClient({ baseUrl: argo.url, token: 'secret', requestTimeoutMs: 5000 });
});

afterEach(async () => {
  await client.close();
  await argo.close();
});

const io = (controller = new AbortController()): DeployIo & { beats: string[] } => {
  const beats: string[] = [];
  return { signal: controller.signal, heartbeat: (d) => beats.push(d.phase), beats };
};

const target = (scenario: ArgoScenario) => {
  argo.addApp(APP, scenario);
  return createArgoCdDeployTarget({
    client,
    pollMs: 5,
    kubeLogs: async (pod) => argo.podLog(pod.namespace, pod.name),
  });
};

const calls = (method: string, path: string) => argo.requests.filter((r) => r.method === method && r.path === path);

async function failure(promise: Promise<unknown>): Promise<DeployError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof DeployError)) throw new Error(`expected a DeployError, got ${String(err)}`);
  return err;
}

test('a sync posts the GitOps revision to the service-environment app, with prune on', async () => {
  const deploy = target('healthy');
  await deploy.sync(ref, 'abc123', io());
  const [sync] = calls('POST', `${APP_PATH}/sync`);
  expect(sync?.body).toMatchObject({ revision: 'abc123', prune: true, dryRun: false });
  expect(sync?.status).toBe(200);
});

test('a healthy sync resolves only once Synced at the revision, Healthy and reconciled after the operation', async () => {
  const deploy = target('healthy');
  const watch = io();
  await deploy.sync(ref, 'abc123', watch);
  await deploy.waitHealthy(ref, expected, 10_000, watch);

  const app = argo.peek(APP);
  const finishedAt = app?.status?.operationState?.finishedAt ?? '';
  expect(app?.status).toMatchObject({ sync: { status: 'Synced', revision: 'abc123' }, health: { status: 'Healthy' } });
  expect(app?.operation).toBeUndefined();
  expect(Date.parse(app?.status?.reconciledAt ?? '')).toBeGreaterThanOrEqual(Date.parse(finishedAt));
  // Healthy came one poll before the reconcile: the wait must not have stopped there.
  expect(watch.beats).toContainEqual(expect.stringContaining('not reconciled since the operation finished'));
  expect(calls('GET', APP_PATH)[0]?.query).toEqual({ refresh: 'normal' });
  expect(argo.requests.filter((r) => r.method === 'DELETE' || r.path.endsWith('/rollback'))).toEqual([]);
});

test('a degraded app fails early with the operation, unhealthy node, warning event and pod log tail', async () => {
  const deploy = target('degraded');
  await deploy.sync(ref, 'abc123', io());
  const err = await failure(deploy.waitHealthy(ref, expected, 60_000, io()));

  expect(err.kind).toBe('failed');
  expect(err.message).toBe('Argo CD app hello-dev is Degraded');
  expect(err.diagnosis.message).toContain('Deployment hello-dev/hello: Degraded - Deployment "hello" exceeded');
  const output = err.diagnosis.output;
  expect(output).toContain('operation Succeeded: successfully synced (all tasks run)');
  expect(output).toContain('Pod hello-dev/hello-7d9f8c6b5-x2x9k: Degraded - back-off 5m0s restarting failed container');
  expect(output).toContain('[CrashLoopBackOff]');
  expect(output).toMatch(/Pod hello-7d9f8c6b5-x2x9k BackOff: Back-off restarting failed container hello .*\(x7\)/);
  expect(output).toContain('--- logs of pod hello-dev/hello-7d9f8c6b5-x2x9k ---\nstarting hello');
  expect(output).toContain('Error: DATABASE_URL is not set');
  // Pod events need the pod's namespace, name and uid: without them Argo CD lists the Application's own events.
  expect(argo.requests).toContainEqual(
    expect.objectContaining({
      path: `${APP_PATH}/events`,
      query: { resourceNamespace: 'hello-dev', resourceName: 'hello-7d9f8c6b5-x2x9k', resourceUID: 'uid-pod' },
      status: 200,
    }),
  );
});

test('a failed sync operation fails at once with the resources that did not sync', async () => {
  const deploy = target('sync-failed');
  await deploy.sync(ref, 'abc123', io());
  const err = await failure(deploy.waitHealthy(ref, expected, 60_000, io()));

  expect(err.kind).toBe('failed');
  expect(err.message).toMatch(/^Argo CD app hello-dev sync Failed: one or more objects failed to apply/);
  expect(err.diagnosis.message).toContain('Deployment hello-dev/hello: SyncFailed admission webhook');
  expect(err.diagnosis.output).toContain('--- failed sync results ---');
});

test('"another operation is already in progress" makes the sync wait for that operation, then sync', async () => {
  const deploy = target('busy-then-healthy');
  const watch = io();
  await deploy.sync(ref, 'abc123', watch);

  const syncs = calls('POST', `${APP_PATH}/sync`);
  expect(syncs.map((r) => r.status)).toEqual([400, 200]);
  expect(syncs[1]?.body).toMatchObject({ revision: 'abc123' });
  expect(watch.beats).toContainEqual(
    expect.stringMatching(/^waiting for the running operation on hello-dev \(Running/),
  );
  await deploy.waitHealthy(ref, expected, 10_000, watch);
});

test('the client tells "operation in progress" (gRPC 9) from other failed preconditions', async () => {
  argo.addApp(APP, 'busy-then-healthy');
  const err = await client.sync(APP, { revision: 'abc123' }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ArgoCdError);
  expect(err).toMatchObject({ status: 400, grpcCode: 9, operationInProgress: true, transient: true });

  const refused = new ArgoCdError('x', 400, 'Cannot sync to abc123: auto-sync currently set to main', 9);
  expect(refused.operationInProgress).toBe(false);
  expect(new ArgoCdError('x', 409, 'another operation is already in progress').operationInProgress).toBe(true);
});

test('an app that hangs in Progressing times out, bounded, naming what did not happen', async () => {
  const deploy = target('hang');
  await deploy.sync(ref, 'abc123', io());
  const begin = Date.now();
  const err = await failure(deploy.waitHealthy(ref, expected, 300, io()));

  expect(Date.now() - begin).toBeLessThan(5000);
  expect(err.kind).toBe('timeout');
  expect(err.message).toMatch(/^Argo CD app hello-dev not Healthy within 300ms: health Progressing; operation Running/);
  expect(err.message).toContain('waiting for healthy state of apps/Deployment/hello');
  expect(err.diagnosis.output).toContain('Readiness probe failed: HTTP probe failed with statuscode: 503');
  // The stuck operation would block the rollback sync: it is terminated.
  expect(calls('DELETE', `${APP_PATH}/operation`)).toHaveLength(1);
  expect(err.diagnosis.output).toContain('The running operation was terminated.');
});

test('cancelling during the wait terminates the running operation', async () => {
  const deploy = target('hang');
  await deploy.sync(ref, 'abc123', io());
  const controller = new AbortController();
  const waiting = deploy.waitHealthy(ref, expected, 60_000, io(controller));
  let polls = 0;
  await argo.waitForRequest((r) => r.method === 'GET' && r.path === APP_PATH && ++polls === 4);
  controller.abort(new Error('release cancelled'));

  await expect(waiting).rejects.toThrow('release cancelled');
  expect(calls('DELETE', `${APP_PATH}/operation`)).toHaveLength(1);
  expect((await client.getApp(APP)).status?.operationState).toMatchObject({
    phase: 'Failed',
    message: 'Operation terminated',
  });
});

test("cancelling a sync that waits for someone else's operation leaves that operation alone", async () => {
  const deploy = target('busy-then-healthy');
  const controller = new AbortController();
  const syncing = deploy.sync(ref, 'abc123', io(controller));
  await argo.waitForRequest((r) => r.method === 'GET' && r.path === APP_PATH);
  controller.abort(new Error('release cancelled'));

  await expect(syncing).rejects.toThrow('release cancelled');
  expect(calls('POST', `${APP_PATH}/sync`).map((r) => r.status)).toEqual([400]);
  expect(calls('DELETE', `${APP_PATH}/operation`)).toEqual([]);
});

test('a wrong token is a clear authentication error, not a retry', async () => {
  argo.addApp(APP, 'healthy');
  const wrong = createArgoCdClient({ baseUrl: argo.url, token: 'not-the-token' });
  try {
    const err = await failure(createArgoCdDeployTarget({ client: wrong }).sync(ref, 'abc123', io()));
    expect(err.kind).toBe('failed');
    expect(err.message).toBe(
      'Argo CD rejected the API token (HTTP 401) on sync at abc123 of app hello-dev: invalid session: token signature is invalid',
    );
  } finally {
    await wrong.close();
  }
});

test('an unknown app is reported as missing or forbidden (Argo CD answers 403 for both)', async () => {
  const deploy = createArgoCdDeployTarget({ client, pollMs: 5 });
  const err = await failure(deploy.waitHealthy({ service: 'nope', environment: 'dev' }, expected, 1000, io()));
  expect(err.message).toBe(
    'Argo CD app nope-dev does not exist or the token may not use it (HTTP 403 on read: permission denied)',
  );
});

describe('a retry after a worker stop', () => {
  it('re-attaches to the sync its earlier attempt started instead of syncing again', async () => {
    const deploy = target('healthy');
    await deploy.sync(ref, 'abc123', io());
    await deploy.sync(ref, 'abc123', { ...io(), resume: {} });
    expect(calls('POST', `${APP_PATH}/sync`)).toHaveLength(1);
  });

  it("leaves the running operation alone when the cancel is a worker stop, and stops it on a person's cancel", async () => {
    const deploy = target('hang');
    await deploy.sync(ref, 'abc123', io());
    const stopping = new AbortController();
    const wait = deploy.waitHealthy(ref, expected, 60_000, { ...io(stopping), detached: () => true });
    await argo.waitForRequest((r) => r.method === 'GET' && r.path === APP_PATH);
    stopping.abort(new Error('WORKER_SHUTDOWN'));
    await expect(wait).rejects.toThrow('WORKER_SHUTDOWN');
    expect(calls('DELETE', `${APP_PATH}/operation`)).toEqual([]);

    const person = new AbortController();
    const aborted = deploy.waitHealthy(ref, expected, 60_000, { ...io(person), resume: { revision: 'abc123' } });
    await argo.waitForRequest((r) => r.method === 'GET' && r.path === APP_PATH && calls('GET', APP_PATH).length > 2);
    person.abort(new Error('CANCELLED'));
    await expect(aborted).rejects.toThrow('CANCELLED');
    expect(calls('DELETE', `${APP_PATH}/operation`)).toHaveLength(1);
  });
});

describe('a preview environment (merge request) under Argo CD', () => {
  const preview: DeployRef = { service: 'hello', environment: 'preview-7' };
  const PREVIEW_APP = 'hello-preview-7';
  const place = { namespace: 'hello-preview-7', baseEnvironment: 'dev' };

  it('gets an app of its own, copied from the base environment’s, synced like any app and deleted with its resources', async () => {
    const deploy = target('healthy');
    await deploy.openEnvironment!(preview, place, io());
    const [create] = calls('POST', '/api/v1/applications');
    expect(create).toMatchObject({ status: 200, query: { upsert: 'true', validate: 'true' } });
    const created = argo.peek(PREVIEW_APP);
    expect(created?.metadata).toMatchObject({ name: PREVIEW_APP, labels: { 'gantry.io/preview': 'true' } });
    expect(created?.spec).toEqual({
      project: 'default',
      source: {
        repoURL: 'https://git.test/gitops.git',
        path: 'charts/service',
        targetRevision: 'main',
        helm: { valueFiles: ['../../environments/preview-7/hello.yaml'] },
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'hello-preview-7' },
      syncPolicy: { syncOptions: ['CreateNamespace=true'] },
    });
    // A retry or a reopened merge request keeps the one app.
    await deploy.openEnvironment!(preview, place, io());
    expect(argo.peek(PREVIEW_APP)?.spec).toEqual(created?.spec);

    await deploy.sync(preview, 'abc123', io());
    await deploy.waitHealthy(preview, expected, 10_000, io());
    expect(calls('POST', `/api/v1/applications/${PREVIEW_APP}/sync`)).toHaveLength(1);
    expect(calls('POST', `${APP_PATH}/sync`)).toEqual([]);

    await deploy.closeEnvironment!(preview, io());
    expect(calls('DELETE', `/api/v1/applications/${PREVIEW_APP}`)[0]?.query).toEqual({ cascade: 'true' });
    expect(argo.deleted).toEqual([{ name: PREVIEW_APP, cascade: true, namespace: 'hello-preview-7' }]);
    expect(argo.peek(PREVIEW_APP)).toBeUndefined();
    // Closing again (a retry after a lost answer) finds it gone; the base environment's app is untouched.
    await deploy.closeEnvironment!(preview, io());
    expect(argo.deleted).toHaveLength(1);
    expect(argo.peek(APP)).toBeDefined();
  });

  it('fails with a sentence when the base environment has no app to copy', async () => {
    const deploy = target('healthy');
    const err = await failure(deploy.openEnvironment!(preview, { ...place, baseEnvironment: 'qa' }, io()));
    expect(err.message).toContain('Argo CD refused to read hello-qa, the app a preview of hello is copied from');
    expect(calls('POST', '/api/v1/applications')).toEqual([]);
  });
});
