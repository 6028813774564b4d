import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createGantryClient } from '../../src/client/gantry-client';
import { WEEKDAYS } from '../../src/config/catalog-schema';
import { releaseWorkflowId } from '../../src/domain/naming';
import { testCatalog, testImage } from '../harness/catalog-fixture';
import { cleanupGitFixtures } from '../harness/git-fixtures';
import { createReleaseHarness } from '../harness/release-harness';
import { createTestWorker, startTimeSkippingServer, uniqueTaskQueue } from '../harness/temporal-env';

describe('a release outside its window (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await startTimeSkippingServer();
  });
  afterAll(async () => {
    await env?.teardown();
    await cleanupGitFixtures();
  });

  it('waits on a durable timer and deploys when the window opens two days later', async () => {
    const now = new Date(await env.currentTimeMs());
    // A window only on the weekday two days from now (UTC), so the release must wait at least a day.
    const opening = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 2, 10, 0));
    const day = WEEKDAYS[(opening.getUTCDay() + 6) % 7]!;
    const catalog = testCatalog({
      environments: {
        prod: { branch: 'release', timeZone: 'UTC', windows: [{ days: [day], start: '10:00', end: '17:00' }] },
      },
      withoutGray: true,
    });
    const harness = await createReleaseHarness(catalog);
    const taskQueue = uniqueTaskQueue('window-wait');
    const worker = await createTestWorker(env, { taskQueue, activities: harness.activities });
    const gantry = createGantryClient(env.client, taskQueue);

    await worker.runUntil(async () => {
      await gantry.requestRelease('orders', 'prod', {
        image: testImage('w'),
        requestedBy: 'alice',
        kind: 'release',
      });
      const handle = env.client.workflow.getHandle(releaseWorkflowId('orders', 'prod'));
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'succeeded', image: testImage('w') });

      const progress = await gantry.releaseProgress('orders', 'prod');
      const window = progress.stages.find((s) => s.name === 'window')!;
      expect(window.state).toBe('succeeded');
      // The window stage ended exactly at the opening (workflow time), not before.
      expect(new Date(window.endedAt!).getTime()).toBeGreaterThanOrEqual(opening.getTime());
      expect(new Date(window.endedAt!).getTime()).toBeLessThan(opening.getTime() + 60_000);
      expect(harness.events[0]).toMatchObject({ kind: 'waiting-for-window' });
      expect(harness.events[0]?.progress.wakeAt).toBe(opening.toISOString());
      expect(await harness.gitOps.read('orders', 'prod')).toEqual({ stable: testImage('w'), gray: null });
    });
  });

  it('escalates to the leads when nobody promotes the gray within the escalation time', async () => {
    const catalog = testCatalog({ environments: { prod: { branch: 'release', escalateAfter: '2h' } } });
    const harness = await createReleaseHarness(catalog);
    const taskQueue = uniqueTaskQueue('escalation');
    const worker = await createTestWorker(env, { taskQueue, activities: harness.activities });
    const gantry = createGantryClient(env.client, taskQueue);
    await worker.runUntil(async () => {
      await gantry.requestRelease('orders', 'prod', {
        image: testImage('e'),
        requestedBy: 'alice',
        kind: 'release',
      });
      await env.sleep('1h');
      expect(harness.events.map((e) => e.kind)).toEqual(['started', 'waiting-for-promotion']);
      await env.sleep('90m');
      expect(harness.events.at(-1)).toMatchObject({ kind: 'escalated', mention: ['bob', 'carol'] });
      expect((await gantry.releaseProgress('orders', 'prod')).status).toBe('waiting-for-promotion');
      await env.client.workflow.getHandle(releaseWorkflowId('orders', 'prod')).terminate('test done');
    });
  });
});
