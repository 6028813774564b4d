import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createDeployActivities } from '../../src/activities/deploy-activities';
import { createArgoCdClient, type ArgoCdClient } from '../../src/integrations/argocd/argocd-client';
import { createArgoCdDeployTarget } from '../../src/integrations/argocd/argocd-deploy-target';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import type { GitOpsRepo } from '../../src/ports/git-ops';
import { startArgoCdServer, type ArgoCdDouble } from '../../src/testing/argocd-server';
import type { DeployWaitInput } from '../harness/deploy-wait-workflow';
import { createTestWorker, startDevServer, uniqueTaskQueue } from '../harness/temporal-env';
import { createNotifyActivities } from '../../src/activities/notify-activities';
import { createPlanActivities } from '../../src/activities/plan-activities';
import { createGantryClient } from '../../src/client/gantry-client';
import { releaseWorkflowId } from '../../src/domain/naming';
import { createGitOpsRepo } from '../../src/integrations/git/git-ops-repo';
import { testCatalog, testImage } from '../harness/catalog-fixture';
import { cleanupGitFixtures, createBareRepo, logOf, makeTempDir } from '../harness/git-fixtures';
import { waitFor } from '../harness/wait-for';

const APP = 'hello-dev';
const APP_PATH = `/api/v1/applications/${APP}`;
const WORKFLOWS = resolve(__dirname, '../harness/deploy-wait-workflow.ts');

/** These steps never touch Git; a call would be a defect of the test workflow. */
const noGitOps: GitOpsRepo = {
  read: () => Promise.reject(new Error('the deploy wait must not read GitOps')),
  commit: () => Promise.reject(new Error('the deploy wait must not commit')),
};

let env: TestWorkflowEnvironment;
let argo: ArgoCdDouble;
let client: ArgoCdClient;
let logDir: string;

beforeAll(async () => {
  env = await startDevServer();
});
afterAll(async () => {
  await env?.teardown();
});
beforeEach(async () => {
  argo = await startArgoCdServer({ token: 'secret' });
  client = createArgoCdClient({ baseUrl: argo.url, token: 'secret', requestTimeoutMs: 5000 });
  logDir = await mkdtemp(join(tmpdir(), 'gantry-stop-'));
});
afterEach(async () => {
  await client.close();
  await argo.close();
  await rm(logDir, { recursive: true, force: true });
});

/** A worker with the real deploy activities on Argo CD; each worker has its own target, as separate processes do. */
function startWorker(taskQueue: string): Promise<Worker> {
  const target = createArgoCdDeployTarget({ client, pollMs: 50 });
  const { syncDeployment, waitHealthy } = createDeployActivities({
    gitOps: noGitOps,
    target,
    logs: createFileLogStore(logDir),
  });
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowsPath: WORKFLOWS,
    activities: { syncDeployment, waitHealthy },
    shutdownGraceTime: '1s',
  });
}

const input: DeployWaitInput = {
  service: 'hello',
  environment: 'dev',
  revision: 'rev-1',
  expected: { stable: 'registry.test/hello:v2', gray: null },
  timeoutMs: 120_000,
};
const syncs = () => argo.requests.filter((r) => r.method === 'POST' && r.path === `${APP_PATH}/sync`);
const terminations = () => argo.requests.filter((r) => r.method === 'DELETE' && r.path === `${APP_PATH}/operation`);
/** A read of the app after the sync: the health wait is under way. */
const waiting = () => argo.waitForRequest((r) => r.method === 'GET' && r.path === APP_PATH && syncs().length > 0);

describe('a graceful worker stop during a health wait longer than the shutdown grace', () => {
  it('leaves the Argo CD operation running, and the next worker re-attaches: healthy with one sync', async () => {
    argo.addApp(APP, 'healthy');
    const taskQueue = uniqueTaskQueue('graceful stop');
    const first = await startWorker(taskQueue);
    const firstRun = first.run();
    const handle = await env.client.workflow.start('deployWaitWorkflow', {
      taskQueue,
      workflowId: `stop-${taskQueue}`,
      args: [input],
    });
    await waiting();
    // The rollout takes longer than the 1 s grace: the wait is still going when the worker cancels it.
    argo.hold(APP, true);
    first.shutdown();
    await firstRun;
    expect(terminations()).toEqual([]);

    argo.hold(APP, false);
    const second = await startWorker(taskQueue);
    const result = await second.runUntil(handle.result());

    expect(result).toBe('healthy');
    expect(syncs()).toHaveLength(1);
    expect(terminations()).toEqual([]);
    const history = await handle.fetchHistory();
    const waitAttempts = (history.events ?? [])
      .filter((e) => e.activityTaskStartedEventAttributes)
      .map((e) => e.activityTaskStartedEventAttributes?.attempt);
    // sync once, then the wait twice: cut off on the first worker, re-attached on the second.
    expect(waitAttempts).toEqual([1, 2]);
  });
});

describe("a person's abort during the health wait", () => {
  it('terminates the running Argo CD operation', async () => {
    argo.addApp(APP, 'hang');
    const taskQueue = uniqueTaskQueue('abort during wait');
    const worker = await startWorker(taskQueue);
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('abortableDeployWaitWorkflow', {
        taskQueue,
        workflowId: `abort-${taskQueue}`,
        args: [input],
      });
      await waiting();
      await handle.signal('abort');
      return handle.result();
    });
    expect(result).toBe('aborted');
    expect(syncs()).toHaveLength(1);
    expect(terminations()).toHaveLength(1);
  });
});

describe('a graceful worker stop during a release, in a health wait longer than the shutdown grace', () => {
  afterAll(async () => {
    await cleanupGitFixtures();
  });

  it('changes nothing: the release succeeds on the next worker with one commit and one sync per phase', async () => {
    const APP_PROD = 'orders-prod';
    const prodSyncs = () =>
      argo.requests.filter((r) => r.method === 'POST' && r.path === `/api/v1/applications/${APP_PROD}/sync`);
    const prodTerminations = () =>
      argo.requests.filter((r) => r.method === 'DELETE' && r.path === `/api/v1/applications/${APP_PROD}/operation`);
    argo.addApp(APP_PROD, 'healthy');
    const catalog = testCatalog();
    const gitOpsRemote = await createBareRepo();
    const gitOps = createGitOpsRepo({ remoteUrl: gitOpsRemote, workDir: await makeTempDir('gantry-gitops-work-') });
    const logs = createFileLogStore(logDir);
    const taskQueue = uniqueTaskQueue('graceful release stop');
    const gantry = createGantryClient(env.client, taskQueue);
    // Each worker its own target and git work dir, as separate worker processes have.
    const worker = async () =>
      createTestWorker(env, {
        taskQueue,
        shutdownGraceTime: '1s',
        activities: {
          ...createPlanActivities({ catalog, repoBase: 'file:///nowhere' }),
          ...createDeployActivities({
            gitOps: createGitOpsRepo({ remoteUrl: gitOpsRemote, workDir: await makeTempDir('gantry-gitops-work-') }),
            target: createArgoCdDeployTarget({ client, pollMs: 50 }),
            logs,
          }),
          ...createNotifyActivities({ notifier: { notify: async () => undefined } }),
        },
      });
    const image = testImage('graceful');
    const handle = env.client.workflow.getHandle(releaseWorkflowId('orders', 'prod'));

    const first = await worker();
    const firstRun = first.run();
    await gantry.requestRelease('orders', 'prod', { image, requestedBy: 'alice', kind: 'release' });
    await waitFor('gray healthy, waiting for promotion', async () =>
      (await gantry.releaseProgress('orders', 'prod')).status === 'waiting-for-promotion' ? true : undefined,
    );
    await gantry.decide('orders', 'prod', 'promote', { by: 'bob' });
    // The full phase's health wait is under way; the rollout then takes longer than the 1 s grace.
    await argo.waitForRequest(
      (r) => r.method === 'GET' && r.path === `/api/v1/applications/${APP_PROD}` && prodSyncs().length === 2,
    );
    argo.hold(APP_PROD, true);
    first.shutdown();
    await firstRun;
    expect(prodTerminations()).toEqual([]);

    argo.hold(APP_PROD, false);
    const second = await worker();
    const result = await second.runUntil(handle.result());

    expect(result).toMatchObject({ status: 'succeeded', image });
    expect(await gitOps.read('orders', 'prod')).toEqual({ stable: image, gray: null });
    expect(prodSyncs()).toHaveLength(2); // gray and full, each once
    expect(prodTerminations()).toEqual([]);
    const changes = (await logOf(gitOpsRemote, 'main')).filter((c) => c.message.includes('Gantry-Change:'));
    expect(changes.map((c) => c.message.match(/#(\w[\w-]*)$/m)?.[1])).toEqual(['full', 'gray']);
    const history = await handle.fetchHistory();
    const attempts = (history.events ?? [])
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'waitHealthy')
      .map((e) => e.eventId);
    expect(attempts).toHaveLength(2); // one wait per phase; the cut-off one was retried, not scheduled again
    const retried = (history.events ?? []).filter((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1);
    expect(retried).toHaveLength(1);
  }, 60_000);
});
