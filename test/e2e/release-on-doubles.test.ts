import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { createGantryClient, type GantryClient } from '../../src/client/gantry-client';
import { loadCatalog } from '../../src/config/load-catalog';
import { loadSettings } from '../../src/config/settings';
import { pipelineWorkflowId, releaseWorkflowId } from '../../src/domain/naming';
import type { ReleaseStatus } from '../../src/domain/progress';
import { ensureExampleRepos } from '../../src/embedded/example-repos';
import { ErrorType } from '../../src/errors';
import { runGit } from '../../src/integrations/git/run-git';
import { findButtons } from '../../src/integrations/feishu/release-card';
import { createFeishuCallback } from '../../src/server/routes/feishu-routes';
import { createHttpServer } from '../../src/server/http-server';
import { createWorkerDependencies, type WorkerDependencies } from '../../src/workers/worker-dependencies';
import { startArgoCdServer, type ArgoCdDouble } from '../../src/testing/argocd-server';
import {
  cardCallbackRequest,
  newCallbackBody,
  startFeishuDouble,
  type FeishuDouble,
} from '../../src/testing/feishu-server';
import { startSonarQubeDouble, writeFakeScanner, type SonarQubeDouble } from '../../src/testing/sonarqube-server';
import { gitlabPush, send } from '../../src/testing/webhook-senders';
import { cleanupGitFixtures, logOf, makeTempDir } from '../harness/git-fixtures';
import { createTestWorker, startDevServer, uniqueTaskQueue } from '../harness/temporal-env';
import { waitFor } from '../harness/wait-for';

const EXAMPLES = resolve(__dirname, '../../examples');
const FEISHU = { appId: 'cli_gantry', appSecret: 'app-secret', verificationToken: 'v-token', encryptKey: 'e-key' };
const OPEN_ID = {
  alice: 'ou_alice0000000000000000000000001',
  bob: 'ou_bob00000000000000000000000002',
  carol: 'ou_carol000000000000000000000003',
  dave: 'ou_dave00000000000000000000000004',
};

/**
 * Production wiring against the documented contracts: GitLab deliveries, SonarQube, Argo CD and Feishu are local
 * doubles; Temporal, git, the build and the workflows are real.
 */
describe('a prod release driven by GitLab, gated by SonarQube, deployed by Argo CD and steered from Feishu', () => {
  let env: TestWorkflowEnvironment;
  let argo: ArgoCdDouble;
  let sonar: SonarQubeDouble;
  let feishu: FeishuDouble;
  let server: Server;
  let baseUrl: string;
  let deps: WorkerDependencies;
  let worker: Worker;
  let running: Promise<void>;
  let gantry: GantryClient;
  let dataDir: string;
  let clone: string;
  let scannerDir: string;

  beforeAll(async () => {
    env = await startDevServer();
    [argo, sonar, feishu] = await Promise.all([
      startArgoCdServer({ token: 'argo-token' }),
      startSonarQubeDouble({ token: 'sonar-token' }),
      startFeishuDouble({ appId: FEISHU.appId, appSecret: FEISHU.appSecret }),
    ]);
    dataDir = await makeTempDir('gantry-doubles-');
    scannerDir = await makeTempDir('gantry-scanner-');
    const today = new Date().toISOString().slice(0, 10);
    const catalog = await loadCatalog(join(EXAMPLES, 'gantry.yaml'));
    catalog.environments.prod!.freezes = [{ from: today, to: '2099-12-31', reason: 'change freeze' }];
    // The release under test is CI's image for prod's branch, not one promoted from pre.
    delete catalog.environments.prod!.promoteFrom;
    const taskQueue = uniqueTaskQueue('doubles');
    const settings = loadSettings({
      GANTRY_DATA_DIR: dataDir,
      GANTRY_GITLAB_TOKEN: 'gl-token',
      GANTRY_DEPLOY_TARGET: 'argocd',
      GANTRY_ARGOCD_URL: argo.url,
      GANTRY_ARGOCD_TOKEN: 'argo-token',
      GANTRY_ARGOCD_POLL: '20ms',
      GANTRY_QUALITY_GATE: 'sonarqube',
      GANTRY_SONAR_URL: sonar.url,
      GANTRY_SONAR_TOKEN: 'sonar-token',
      GANTRY_SONAR_POLL: '20ms',
      GANTRY_SONAR_SCANNER: await writeFakeScanner(scannerDir, 'task-1'),
      GANTRY_NOTIFIER: 'feishu',
      GANTRY_FEISHU_BASE_URL: feishu.url,
      GANTRY_FEISHU_APP_ID: FEISHU.appId,
      GANTRY_FEISHU_APP_SECRET: FEISHU.appSecret,
      GANTRY_FEISHU_CHAT_ID: 'oc_releases',
      GANTRY_FEISHU_VERIFICATION_TOKEN: FEISHU.verificationToken,
      GANTRY_FEISHU_ENCRYPT_KEY: FEISHU.encryptKey,
    });
    sonar.script('task-1', 'pass');
    gantry = createGantryClient(env.client, taskQueue);
    deps = createWorkerDependencies(settings, catalog, () => undefined);
    server = createHttpServer({
      gantry,
      catalog,
      logs: deps.logs,
      gitlabToken: 'gl-token',
      githubSecret: '',
      repoBase: settings.repoBase,
      feishuCallback: createFeishuCallback(settings, catalog, gantry),
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await ensureExampleRepos({ catalog, examplesDir: EXAMPLES, reposDir: join(dataDir, 'repos'), gitlabToken: '' });
    worker = await createTestWorker(env, { taskQueue, activities: createActivities(deps) });
    running = worker.run();
    clone = await makeTempDir('gantry-doubles-clone-');
    await runGit([
      'clone',
      '--quiet',
      '--branch',
      'release',
      `file://${join(dataDir, 'repos', 'hello-node.git')}`,
      clone,
    ]);
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    server?.close();
    await Promise.all([argo?.close(), sonar?.close(), feishu?.close()]);
    await env?.teardown();
    await cleanupGitFixtures();
  });

  const statusIs = (status: ReleaseStatus) =>
    waitFor(`hello-node/prod reaching ${status}`, async () => {
      const p = await gantry.releaseProgress('hello-node', 'prod');
      return p.status === status ? p : undefined;
    });

  /** Pushes a new commit to `release` and delivers GitLab's push hook; returns the image CI built. */
  async function pushAndBuild(message: string): Promise<string> {
    await runGit(['commit', '--quiet', '--allow-empty', '-m', message], { cwd: clone });
    const commit = (await runGit(['rev-parse', 'HEAD'], { cwd: clone })).trim();
    await runGit(['push', '--quiet', 'origin', 'HEAD:release'], { cwd: clone });
    const reply = await send(
      baseUrl,
      gitlabPush({ token: 'gl-token', branch: 'release', after: commit, project: 'repos/hello-node' }),
    );
    expect(reply.status).toBe(202);
    const built = await env.client.workflow.getHandle(pipelineWorkflowId('hello-node', 'prod', commit)).result();
    expect(built.releaseWorkflowId).toBeUndefined(); // prod is released by hand
    return built.image;
  }

  /** The card Feishu holds for the current release, and a click on one of its buttons as Feishu would send it. */
  const cards = () => [...feishu.messages.values()].filter((m) => m.msgType === 'interactive');
  function card() {
    expect(cards().length).toBeGreaterThan(0);
    return cards().at(-1)!;
  }
  async function click(who: keyof typeof OPEN_ID, action: string, reason?: string) {
    const progress = await gantry.releaseProgress('hello-node', 'prod');
    const body = newCallbackBody({
      eventId: `ev-${who}-${action}-${Date.now()}`,
      token: FEISHU.verificationToken,
      openId: OPEN_ID[who],
      value: { action, service: 'hello-node', environment: 'prod', releaseId: progress.releaseId },
      formValue: reason ? { reason } : undefined,
      createTimeMs: Date.now(),
    });
    const req = cardCallbackRequest({
      scheme: 'new',
      body,
      ...FEISHU,
      encrypted: true,
      timestamp: Math.floor(Date.now() / 1000),
    });
    const res = await fetch(`${baseUrl}/hooks/feishu/card`, {
      method: 'POST',
      headers: req.headers,
      body: req.rawBody,
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { toast: { type: string; content: string }; card?: unknown };
  }

  it('waits for the window, takes a lead’s emergency approval from Feishu, goes gray, is promoted by a click, goes full', async () => {
    argo.addApp('hello-node-prod', 'healthy');
    const image = await pushAndBuild('feat: first prod release');
    expect(sonar.requests.some((r) => r.path.startsWith('/api/qualitygates/project_status'))).toBe(true);

    const started = await fetch(`${baseUrl}/api/releases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'hello-node', environment: 'prod', requestedBy: 'alice' }),
    });
    expect(await started.json()).toMatchObject({ image });
    await statusIs('waiting-for-window');
    await waitFor('the release card in the chat', async () => (cards().length > 0 ? true : undefined));
    const messageId = card().messageId;

    const refused = await click('dave', 'approve', 'please');
    expect(refused.toast).toEqual({
      type: 'error',
      content: 'dave may not approve emergencies in prod; allowed: bob, carol',
    });
    const approved = await click('bob', 'approve', 'INC-42 payment outage');
    expect(approved.toast.type).toBe('success');
    // The card answered to the click shows the release after the decision: under way, nothing left to approve.
    const answered = JSON.stringify(approved.card);
    expect(answered).not.toContain('Waiting for the release window');
    expect(findButtons(approved.card).map((b) => b.name)).not.toContain('gantry_approve');

    await statusIs('waiting-for-promotion');
    const gitOpsLog = async () => (await logOf(join(dataDir, 'repos', 'gitops.git'), 'main')).map((c) => c.sha);
    const syncs = () => argo.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/hello-node-prod/sync'));
    expect(syncs().map((r) => (r.body as { revision: string }).revision)).toEqual([(await gitOpsLog())[0]]);

    expect((await click('alice', 'promote')).toast.type).toBe('success');
    const result = await env.client.workflow.getHandle(releaseWorkflowId('hello-node', 'prod')).result();
    expect(result).toMatchObject({ status: 'succeeded', image });
    expect(syncs()).toHaveLength(2);

    // One card, updated in place as the release moved; the people who had to act were pinged once each time;
    // the rejected click left no trace in history.
    expect(cards()).toHaveLength(1);
    const pings = [...feishu.messages.values()]
      .filter((m) => m.msgType === 'text')
      .map((m) => JSON.stringify(m.versions[0]));
    expect(pings).toEqual([expect.stringContaining(OPEN_ID.bob), expect.stringContaining(OPEN_ID.alice)]);
    expect(card().messageId).toBe(messageId);
    expect(card().versions.length).toBeGreaterThanOrEqual(4);
    // Every status after the decision reached the chat card, in order, ending with the outcome.
    const subtitles = card().versions.map(
      (v) => (v as { header: { subtitle: { content: string } } }).header.subtitle.content.split(' · ')[0],
    );
    const afterApproval = subtitles.slice(subtitles.indexOf('Deploying gray'));
    expect(afterApproval).toEqual(['Deploying gray', 'Waiting for promotion', 'Deploying full', 'Succeeded']);
    const history = await env.client.workflow.getHandle(releaseWorkflowId('hello-node', 'prod')).fetchHistory();
    expect(history.events?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(2);
  });

  it('rolls back automatically through Git when the full phase turns Degraded', async () => {
    const before = await deps.gitOps.read('hello-node', 'prod');
    argo.queueScenarios('hello-node-prod', ['healthy', 'degraded', 'healthy']);
    const crashing = `registry.gantry.local/hello-node@sha256:${'b'.repeat(64)}`;
    await fetch(`${baseUrl}/api/releases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'hello-node', environment: 'prod', requestedBy: 'alice', image: crashing }),
    });
    await statusIs('waiting-for-window');
    await click('carol', 'approve', 'hotfix');
    await statusIs('waiting-for-promotion');
    await click('alice', 'promote');
    const failure = await env.client.workflow
      .getHandle(releaseWorkflowId('hello-node', 'prod'))
      .result()
      .catch((e: unknown) => e);
    expect(((failure as WorkflowFailedError).cause as { type?: string }).type).toBe(ErrorType.ReleaseRolledBack);
    const progress = await gantry.releaseProgress('hello-node', 'prod');
    expect(progress.status).toBe('rolled-back');
    expect(progress.lastError?.type).toBe(ErrorType.DeployFailed);
    expect(progress.lastError?.tail).toContain('Back-off restarting failed container');
    expect(await deps.gitOps.read('hello-node', 'prod')).toEqual(before);
    expect(argo.requests.some((r) => r.path.endsWith('/rollback'))).toBe(false);
  });
});
