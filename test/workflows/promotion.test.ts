import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createApiClient } from '../../src/cli/api-client';
import { commands, type CommandContext, type ParsedArgs } from '../../src/cli/commands';
import { createGantryClient, DecisionRejected, type GantryClient } from '../../src/client/gantry-client';
import { catalogSchema } from '../../src/config/catalog-schema';
import { releaseWorkflowId } from '../../src/domain/naming';
import { ErrorType } from '../../src/errors';
import type { ReleaseProgress } from '../../src/domain/progress';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import { createHttpServer } from '../../src/server/http-server';
import { testCatalog } from '../harness/catalog-fixture';
import { cleanupGitFixtures, makeTempDir } from '../harness/git-fixtures';
import { collectHistories, replayAll } from '../harness/histories';
import { createReleaseHarness, type ReleaseHarness } from '../harness/release-harness';
import { createTestWorker, startDevServer, uniqueTaskQueue } from '../harness/temporal-env';
import { waitFor } from '../harness/wait-for';

const digest = (c: string) => `registry.gantry.local/orders@sha256:${c.repeat(64)}`;
const TESTED = digest('a');
const UNTESTED = digest('e');

/** dev → test → pre → prod, where pre promotes from test and prod from pre; no gray, no window: quick releases. */
const catalog = testCatalog({
  withoutGray: true,
  environments: {
    test: { autoDeploy: true, releasers: ['*', 'ci'] },
    pre: { promoteFrom: 'test' },
    prod: { branch: 'release', promoteFrom: 'pre' },
  },
});

/**
 * Promote what was tested, end to end: the CLI talks to the real HTTP API, which asks Temporal's visibility what
 * ran healthy where; releases run on a real Temporal dev server over a real GitOps repo (scripted deploy target).
 */
describe('promoteFrom: one digest promoted dev → test → pre → prod', () => {
  let env: TestWorkflowEnvironment;
  let harness: ReleaseHarness;
  let gantry: GantryClient;
  let server: Server;
  let base: string;
  let worker: Worker;
  let running: Promise<void>;
  let taskQueue: string;
  const logged: string[] = [];

  beforeAll(async () => {
    env = await startDevServer();
    harness = await createReleaseHarness(catalog);
    taskQueue = uniqueTaskQueue('promotion');
    worker = await createTestWorker(env, { taskQueue, activities: harness.activities });
    running = worker.run();
    gantry = createGantryClient(env.client, taskQueue);
    server = createHttpServer({
      gantry,
      catalog,
      logs: createFileLogStore(await makeTempDir('gantry-logs-')),
      gitlabToken: '',
      githubSecret: '',
      repoBase: 'file:///nowhere',
      log: (line) => logged.push(line),
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    server?.close();
    await env?.teardown();
    await cleanupGitFixtures();
  });

  /** Runs a CLI command as `user` and returns what it printed. */
  async function cli(user: string, name: string, positionals: string[], values: ParsedArgs['values'] = {}) {
    let printed = '';
    const out = { isTTY: false, write: (s: string) => ((printed += s), true) } as unknown as NodeJS.WriteStream;
    const ctx: CommandContext = { api: createApiClient(base, { user }), user, out };
    await commands[name]!.run(ctx, { positionals, values });
    return printed;
  }

  const released = async (environment: string, image: string) => {
    const result = await env.client.workflow.getHandle(releaseWorkflowId('orders', environment)).result();
    expect(result).toMatchObject({ status: 'succeeded', image });
    expect(await harness.gitOps.read('orders', environment)).toEqual({ stable: image, gray: null });
    // Visibility follows the workflow by a moment; a person's next command comes later than that.
    await waitFor(`${image} listed healthy in ${environment}`, async () =>
      (await gantry.healthyRuns('orders', environment)).some((r) => r.image === image) ? true : undefined,
    );
  };

  const postRelease = (body: Record<string, unknown>) =>
    fetch(`${base}/api/releases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'orders', requestedBy: 'alice', ...body }),
    });

  it('refuses a release to pre before anything ran healthy in test, saying where to release first', async () => {
    const res = await postRelease({ environment: 'pre' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toBe(
      'pre releases what was tested in test, and no release of orders has succeeded in test yet: release to test first',
    );
    await expect(env.client.workflow.getHandle(releaseWorkflowId('orders', 'pre')).describe()).rejects.toThrow();
  });

  it('takes the digest running healthy in the source environment at every step, and lists it travelling', async () => {
    await cli('alice', 'release', ['orders', 'dev'], { image: TESTED });
    await released('dev', TESTED);
    await cli('alice', 'release', ['orders', 'test'], { image: TESTED });
    await released('test', TESTED);

    const pre = await cli('alice', 'release', ['orders', 'pre']);
    expect(pre).toMatch(new RegExp(`^${escape(TESTED)} from test \\(running since \\d{4}-\\d\\d-\\d\\dT[^)]+\\)\n`));
    expect(pre).toContain(`release requested: ${releaseWorkflowId('orders', 'pre')} (${TESTED})`);
    await released('pre', TESTED);

    const prod = await cli('alice', 'release', ['orders', 'prod']);
    expect(prod).toMatch(new RegExp(`^${escape(TESTED)} from pre \\(running since `));
    await released('prod', TESTED);
    const progress = await gantry.releaseProgress('orders', 'prod');
    expect(progress.promotion).toMatchObject({ from: 'pre', since: expect.any(String) });
    expect(await cli('alice', 'status', ['orders', 'prod'])).toContain(`${TESTED} from pre (running since`);

    const table = (await cli('alice', 'list', [], { 'by-service': true })).trimEnd().split('\n');
    expect(table[0]!.split(/\s{2,}/)).toEqual(['SERVICE', 'DEV', 'TEST', 'PRE', 'PROD']);
    expect(table[1]!.split(/\s{2,}/)).toEqual(['orders', `orders@sha256:${'a'.repeat(12)}`, '= dev', '= dev', '= dev']);
  });

  it('refuses a digest that never ran healthy in the source environment, with the reason, before anything starts', async () => {
    const before = await env.client.workflow.getHandle(releaseWorkflowId('orders', 'prod')).describe();
    const res = await postRelease({ environment: 'prod', image: UNTESTED });
    expect(res.status).toBe(409);
    const { error } = (await res.json()) as { error: string };
    expect(error).toContain(`${UNTESTED} never ran healthy in pre, and prod only releases what was tested there`);
    expect(error).toContain(`running healthy in pre: ${TESTED} since `);
    await expect(cli('alice', 'release', ['orders', 'prod'], { image: UNTESTED })).rejects.toThrow(
      /never ran healthy in pre/,
    );
    // Nothing started: the same run, the same GitOps state.
    const after = await env.client.workflow.getHandle(releaseWorkflowId('orders', 'prod')).describe();
    expect(after.runId).toBe(before.runId);
    expect(await harness.gitOps.read('orders', 'prod')).toEqual({ stable: TESTED, gray: null });
    // Releasing what pre runs by name is fine; a rollback is not a promotion (it redeploys what ran in prod).
    expect((await postRelease({ environment: 'prod', image: TESTED })).status).toBe(202);
    await released('prod', TESTED);
  });

  it('refuses an untested digest in the workflow too, when a request reaches Temporal without the API', async () => {
    await gantry.requestRelease('orders', 'prod', { image: UNTESTED, requestedBy: 'alice', kind: 'release' });
    const failed = await env.client.workflow
      .getHandle(releaseWorkflowId('orders', 'prod'))
      .result()
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(failed).toBeInstanceOf(WorkflowFailedError);
    const cause = (failed as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe(ErrorType.PromotionRefused);
    expect(cause?.message).toContain(`${UNTESTED} never ran healthy in pre, and prod only releases what was tested`);
    const progress = await gantry.releaseProgress('orders', 'prod');
    expect(progress).toMatchObject({ status: 'failed', lastError: { type: ErrorType.PromotionRefused } });
    expect(progress.stages[0]).toMatchObject({ name: 'window', state: 'failed', step: 'promotion refused' });
    // Refused before any change: prod still runs what was tested.
    expect(await harness.gitOps.read('orders', 'prod')).toEqual({ stable: TESTED, gray: null });
  });

  it('lets an emergency override through only with a reason and a second person among the emergency approvers', async () => {
    const noReason = await postRelease({ environment: 'prod', image: UNTESTED, overridePromotion: true });
    expect(noReason.status).toBe(400);
    expect(((await noReason.json()) as { error: string }).error).toBe(
      'a promotion override needs a reason (it is audited)',
    );

    const printed = await cli('alice', 'release', ['orders', 'prod'], {
      image: UNTESTED,
      'override-promotion': true,
      reason: 'INC-9 hotfix',
    });
    expect(printed).toContain(`${UNTESTED}: promotion OVERRIDE (never ran healthy in pre): INC-9 hotfix`);
    // prod has no window here (always open), yet the override waits for an emergency approval.
    const waiting = await waitFor('the override waiting for an approval', async () => {
      const p = await gantry.releaseProgress('orders', 'prod').catch(() => undefined);
      return p?.image === UNTESTED && p.status === 'waiting-for-window' ? p : undefined;
    });
    expect(waiting.stages[0]).toMatchObject({
      name: 'window',
      state: 'waiting',
      step: 'promotion override (INC-9 hotfix): waiting for an emergency approval',
    });
    expect(await harness.gitOps.read('orders', 'prod')).toEqual({ stable: TESTED, gray: null });

    const decide = (by: string) => gantry.decide('orders', 'prod', 'approve', { by, reason: 'INC-9' });
    await expect(decide('alice')).rejects.toThrow(
      new DecisionRejected('alice requested this release and cannot approve it too: a second person must'),
    );
    await expect(decide('dave')).rejects.toThrow(
      new DecisionRejected('dave may not approve emergencies in prod; allowed: bob, carol'),
    );
    await decide('bob');
    await released('prod', UNTESTED);

    const done: ReleaseProgress = await gantry.releaseProgress('orders', 'prod');
    expect(done.promotion).toEqual({ from: 'pre', override: { reason: 'INC-9 hotfix' } });
    expect(done.approvals).toEqual([expect.objectContaining({ kind: 'emergency', by: 'bob', reason: 'INC-9' })]);
    expect(logged).toContainEqual(
      `[gantry] promotion override: alice releases ${UNTESTED} to orders/prod untested in pre: INC-9 hotfix`,
    );
    expect(harness.events.filter((e) => e.kind === 'waiting-for-window')).toHaveLength(1);
  });

  it('replays every history it produced', async () => {
    expect(await replayAll(await collectHistories(env, taskQueue, 'promotion'))).toEqual([]);
  });
});

describe('promoteFrom in the catalog', () => {
  const problems = (environments: Record<string, unknown>) => {
    const result = catalogSchema.safeParse({ ...testCatalog(), environments });
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('must name another environment, without a cycle, and not an autoDeploy one', () => {
    expect(problems({ dev: {}, prod: { promoteFrom: 'staging' } })).toEqual([
      'environments.prod.promoteFrom: unknown environment "staging"; use one of: dev, prod',
    ]);
    expect(problems({ pre: { promoteFrom: 'prod' }, prod: { promoteFrom: 'pre' } })).toEqual([
      'environments.pre.promoteFrom: promotion cycle: pre ← prod ← pre',
      'environments.prod.promoteFrom: promotion cycle: prod ← pre ← prod',
    ]);
    expect(problems({ dev: {}, test: { autoDeploy: true, promoteFrom: 'dev' } })).toEqual([
      'environments.test.promoteFrom: an autoDeploy environment releases its own builds; drop autoDeploy or promoteFrom',
    ]);
    expect(problems({ dev: {}, prod: { promoteFrom: 'dev' } })).toEqual([]);
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
