import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createGantryClient, DecisionRejected, type GantryClient } from '../../src/client/gantry-client';
import { releaseWorkflowId } from '../../src/domain/naming';
import type { ReleaseStatus } from '../../src/domain/progress';
import { ErrorType } from '../../src/errors';
import { createLocalImageDigests } from '../../src/integrations/local/local-image-digests';
import { testCatalog, testImage } from '../harness/catalog-fixture';
import { cleanupGitFixtures, logOf, makeTempDir } from '../harness/git-fixtures';
import { collectHistories, replayAll } from '../harness/histories';
import { createReleaseHarness, type ReleaseHarness } from '../harness/release-harness';
import { createTestWorker, startDevServer, uniqueTaskQueue } from '../harness/temporal-env';
import { waitFor } from '../harness/wait-for';

const today = new Date().toISOString().slice(0, 10);
const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
/** prod is frozen for a month: every release waits unless an emergency is approved. */
const frozenProd = { branch: 'release', freezes: [{ from: today, to: inAMonth, reason: 'year-end freeze' }] };

describe('release workflow decisions (dev server, Workflow Updates)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await startDevServer();
  });
  afterAll(async () => {
    await env?.teardown();
    await cleanupGitFixtures();
  });

  type Ctx = { gantry: GantryClient; harness: ReleaseHarness; taskQueue: string };
  async function run(name: string, catalog: ReturnType<typeof testCatalog>, body: (ctx: Ctx) => Promise<void>) {
    const harness = await createReleaseHarness(catalog);
    const taskQueue = uniqueTaskQueue(name);
    const worker = await createTestWorker(env, { taskQueue, activities: harness.activities });
    const gantry = createGantryClient(env.client, taskQueue);
    await worker.runUntil(body({ gantry, harness, taskQueue }));
    // Every history this test produced must replay against the current code (recorded ones are kept as fixtures).
    expect(await replayAll(await collectHistories(env, taskQueue, name))).toEqual([]);
  }

  const statusIs = (gantry: GantryClient, service: string, envName: string, status: ReleaseStatus) =>
    waitFor(`release ${service}/${envName} reaching ${status}`, async () => {
      const p = await gantry.releaseProgress(service, envName);
      return p.status === status ? p : undefined;
    });

  const resultOf = (service: string, envName: string) =>
    env.client.workflow.getHandle(releaseWorkflowId(service, envName)).result();

  async function failureType(promise: Promise<unknown>): Promise<string | undefined> {
    try {
      await promise;
      return undefined;
    } catch (err) {
      expect(err).toBeInstanceOf(WorkflowFailedError);
      return ((err as WorkflowFailedError).cause as { type?: string }).type;
    }
  }

  const release = (gantry: GantryClient, image: string, requestedBy = 'alice', requestId?: string) =>
    gantry.requestRelease('orders', 'prod', { image, requestedBy, kind: 'release', requestId });

  it('goes gray, waits for an owner to promote, refuses a developer, then goes full', async () => {
    await run('promote', testCatalog(), async ({ gantry, harness }) => {
      await release(gantry, testImage('aaa'));
      const waiting = await statusIs(gantry, 'orders', 'prod', 'waiting-for-promotion');
      expect(await harness.gitOps.read('orders', 'prod')).toEqual({ stable: null, gray: testImage('aaa') });
      expect(waiting.stages.map((s) => [s.name, s.state])).toEqual([
        ['window', 'succeeded'],
        ['gray', 'succeeded'],
        ['promotion', 'waiting'],
        ['full', 'pending'],
      ]);
      await expect(gantry.decide('orders', 'prod', 'promote', { by: 'dave' })).rejects.toThrow(
        new DecisionRejected('dave may not promote in prod; allowed: alice, bob, carol'),
      );
      await gantry.decide('orders', 'prod', 'promote', { by: 'alice' });
      expect(await resultOf('orders', 'prod')).toMatchObject({ status: 'succeeded', image: testImage('aaa') });
      expect(await harness.gitOps.read('orders', 'prod')).toEqual({ stable: testImage('aaa'), gray: null });
      // A decision on a finished release says it is over (409 at the API), not that it never existed.
      await expect(gantry.decide('orders', 'prod', 'promote', { by: 'alice' })).rejects.toThrow(
        new DecisionRejected('the release is succeeded: nothing left to promote'),
      );
      // Every status reaches the chat: gray (started), the wait, full (a stage change), the outcome.
      expect(harness.events.map((e) => [e.kind, e.progress.status])).toEqual([
        ['started', 'deploying-gray'],
        ['waiting-for-promotion', 'waiting-for-promotion'],
        ['stage-changed', 'deploying-full'],
        ['succeeded', 'succeeded'],
      ]);
    });
  });

  it('accepts an emergency approval only from a lead who is not the requester, with a reason', async () => {
    const catalog = testCatalog({
      environments: { prod: frozenProd },
      withoutGray: true,
    });
    await run('emergency', catalog, async ({ gantry, harness }) => {
      await release(gantry, testImage('fix'), 'carol');
      const waiting = await statusIs(gantry, 'orders', 'prod', 'waiting-for-window');
      expect(waiting.wakeAt).toBeDefined();
      expect(waiting.stages[0]?.step).toContain('frozen: year-end freeze');
      expect(harness.events[0]).toMatchObject({ kind: 'waiting-for-window', mention: ['bob', 'carol'] });

      const decide = (by: string, reason?: string) => gantry.decide('orders', 'prod', 'approve', { by, reason });
      await expect(decide('carol', 'hotfix')).rejects.toThrow('carol requested this release and cannot approve it too');
      await expect(decide('dave', 'hotfix')).rejects.toThrow('dave may not approve emergencies in prod');
      await expect(decide('alice', 'hotfix')).rejects.toThrow('alice may not approve emergencies in prod');
      await expect(decide('bob')).rejects.toThrow('an emergency approval needs a reason');
      await expect(decide('bob', 'payment outage INC-42')).resolves.toMatchObject({ accepted: true });

      expect(await resultOf('orders', 'prod')).toMatchObject({ status: 'succeeded' });
      expect(await harness.gitOps.read('orders', 'prod')).toEqual({ stable: testImage('fix'), gray: null });
      // Rejected updates never reach history: exactly one update was accepted.
      const history = await env.client.workflow.getHandle(releaseWorkflowId('orders', 'prod')).fetchHistory();
      const accepted = history.events?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes) ?? [];
      expect(accepted).toHaveLength(1);
      const progress = await gantry.releaseProgress('orders', 'prod');
      expect(progress.approvals).toEqual([
        expect.objectContaining({ kind: 'emergency', by: 'bob', reason: 'payment outage INC-42' }),
      ]);
    });
  });

  it('replaces a waiting release with a newer image and joins a duplicate trigger', async () => {
    const catalog = testCatalog({
      environments: { prod: frozenProd },
      withoutGray: true,
    });
    await run('replace', catalog, async ({ gantry, taskQueue }) => {
      const first = await release(gantry, testImage('v1'), 'alice', 'push-1');
      await statusIs(gantry, 'orders', 'prod', 'waiting-for-window');
      const again = await release(gantry, testImage('v1'), 'alice', 'push-1');
      expect(again.workflowId).toBe(first.workflowId);
      expect((await gantry.releaseProgress('orders', 'prod')).superseded).toEqual([]);

      await release(gantry, testImage('v2'), 'alice', 'push-2');
      const replaced = await waitFor('the newer image replacing the waiting one', async () => {
        const p = await gantry.releaseProgress('orders', 'prod');
        return p.image === testImage('v2') ? p : undefined;
      });
      expect(replaced).toMatchObject({ status: 'waiting-for-window', superseded: [testImage('v1')] });
      await expect(gantry.decide('orders', 'prod', 'rollback', { by: 'alice', reason: 'x' })).rejects.toThrow(
        'nothing has been deployed yet',
      );
      await gantry.decide('orders', 'prod', 'abort', { by: 'alice', reason: 'not today' });
      expect(await failureType(resultOf('orders', 'prod'))).toBe(ErrorType.ReleaseAborted);
      const runs = [];
      for await (const wf of env.client.workflow.list({
        query: `WorkflowId = '${first.workflowId}' AND TaskQueue = '${taskQueue}'`,
      }))
        runs.push(wf);
      expect(runs).toHaveLength(1);
    });
  });

  it('rolls back to the last good image when the full phase turns unhealthy', async () => {
    const catalog = testCatalog({
      withoutGray: true,
    });
    await run('rollback-full', catalog, async ({ gantry, harness }) => {
      await release(gantry, testImage('good'));
      expect(await resultOf('orders', 'prod')).toMatchObject({ status: 'succeeded' });

      harness.target.unhealthy.add(testImage('bad'));
      await release(gantry, testImage('bad'));
      expect(await failureType(resultOf('orders', 'prod'))).toBe(ErrorType.ReleaseRolledBack);
      expect(await harness.gitOps.read('orders', 'prod')).toEqual({ stable: testImage('good'), gray: null });
      const progress = await gantry.releaseProgress('orders', 'prod');
      expect(progress.status).toBe('rolled-back');
      expect(progress.lastError).toMatchObject({ type: ErrorType.DeployFailed });
      expect(progress.lastError?.tail).toContain('panic: boom');
      expect(progress.lastError?.logId).toBeDefined();
      expect(harness.target.healthChecks.at(-1)).toEqual({ stable: testImage('good'), gray: null });
    });
  });

  it('aborts mid-gray: cancels the hanging health wait and removes the gray', async () => {
    await run('abort-gray', testCatalog(), async ({ gantry, harness }) => {
      harness.target.hanging.add(testImage('slow'));
      const hang = new Promise<void>((resolve) => (harness.target.hangStarted = resolve));
      await release(gantry, testImage('slow'));
      await hang;
      await expect(gantry.decide('orders', 'prod', 'abort', { by: 'dave', reason: 'x' })).rejects.toThrow(
        'dave may not abort in prod',
      );
      await gantry.decide('orders', 'prod', 'abort', { by: 'bob', reason: 'slow start' });
      expect(await failureType(resultOf('orders', 'prod'))).toBe(ErrorType.ReleaseAborted);
      expect(await harness.gitOps.read('orders', 'prod')).toEqual({ stable: null, gray: null });
      const progress = await gantry.releaseProgress('orders', 'prod');
      expect(progress.status).toBe('aborted');
      expect(progress.stages.find((s) => s.name === 'rollback')?.state).toBe('succeeded');
    });
  });

  it('queues an image that arrives mid-deploy and releases it next', async () => {
    await run('queue', testCatalog(), async ({ gantry, harness }) => {
      await release(gantry, testImage('one'));
      await statusIs(gantry, 'orders', 'prod', 'waiting-for-promotion');
      await release(gantry, testImage('two'));
      await waitFor('the second image queued', async () =>
        (await gantry.releaseProgress('orders', 'prod')).queuedImage === testImage('two') ? true : undefined,
      );
      await gantry.decide('orders', 'prod', 'promote', { by: 'alice' });
      const next = await waitFor('the queued image starting', async () => {
        const p = await gantry.releaseProgress('orders', 'prod');
        return p.image === testImage('two') && p.status === 'waiting-for-promotion' ? p : undefined;
      });
      expect(next.previousImage).toBe(testImage('one'));
      await gantry.decide('orders', 'prod', 'promote', { by: 'bob' });
      expect(await resultOf('orders', 'prod')).toMatchObject({ status: 'succeeded', image: testImage('two') });
      expect(await harness.gitOps.read('orders', 'prod')).toEqual({ stable: testImage('two'), gray: null });
    });
  });

  it('resumes on a new worker after the old one stopped mid-release, with exactly one commit per step', async () => {
    const harness = await createReleaseHarness(testCatalog());
    const taskQueue = uniqueTaskQueue('restart');
    const gantry = createGantryClient(env.client, taskQueue);
    const first = await createTestWorker(env, { taskQueue, activities: harness.activities });
    await first.runUntil(async () => {
      await release(gantry, testImage('r1'));
      await statusIs(gantry, 'orders', 'prod', 'waiting-for-promotion');
    });
    // A fresh worker has no cached state: it rebuilds the release by replaying its history.
    const second = await createTestWorker(env, { taskQueue, activities: harness.activities });
    await second.runUntil(async () => {
      await gantry.decide('orders', 'prod', 'promote', { by: 'bob' });
      expect(await resultOf('orders', 'prod')).toMatchObject({ status: 'succeeded' });
    });
    const commits = (await logOf(harness.gitOpsRemote, 'main')).filter((c) => c.message.includes('Gantry-Change:'));
    expect(commits.map((c) => c.message.match(/#(\w[\w-]*)$/m)?.[1])).toEqual(['full', 'gray']);
    expect(harness.target.syncs).toHaveLength(2);
  });

  it('vets the image before the first change, and pins a tag by digest where the environment requires one', async () => {
    const imagesDir = await makeTempDir('gantry-images-');
    const tagged = testImage('tagged');
    await mkdir(join(imagesDir, 'orders', 'tags'), { recursive: true });
    await writeFile(join(imagesDir, 'orders', 'tags', 'v3'), `${tagged}\n`);
    const registry = createLocalImageDigests(imagesDir, 'registry.gantry.local');
    const harness = await createReleaseHarness(testCatalog({ withoutGray: true }), { registry });
    const taskQueue = uniqueTaskQueue('image-vetting');
    const gantry = createGantryClient(env.client, taskQueue);
    const worker = await createTestWorker(env, { taskQueue, activities: harness.activities });
    await worker.runUntil(async () => {
      // Straight to Temporal, past the API's own check: the workflow refuses on its own.
      for (const bad of [
        'not a valid ref; $(rm -rf /)',
        'Registry/UPPER:',
        'bad ref!!',
        'registry.gantry.local/orders:nope',
      ]) {
        await release(gantry, bad);
        expect(await failureType(resultOf('orders', 'prod'))).toBe(ErrorType.ImageRejected);
      }
      expect(await harness.gitOps.read('orders', 'prod')).toEqual({ stable: null, gray: null });
      expect(harness.target.syncs).toEqual([]);

      await release(gantry, 'registry.gantry.local/orders:v3');
      const pinned = `registry.gantry.local/orders:v3@${tagged.split('@')[1]}`;
      expect(await resultOf('orders', 'prod')).toMatchObject({ status: 'succeeded', image: pinned });
      expect(await harness.gitOps.read('orders', 'prod')).toEqual({ stable: pinned, gray: null });
    });
    expect(await replayAll(await collectHistories(env, taskQueue, 'image-vetting'))).toEqual([]);
  });

  it('refuses a release requested by someone not allowed in the environment', async () => {
    await run('permission', testCatalog(), async ({ gantry, harness }) => {
      await release(gantry, testImage('x'), 'dave');
      expect(await failureType(resultOf('orders', 'prod'))).toBe(ErrorType.PermissionDenied);
      expect(await harness.gitOps.read('orders', 'prod')).toEqual({ stable: null, gray: null });
      expect(harness.target.syncs).toEqual([]);
    });
  });
});
