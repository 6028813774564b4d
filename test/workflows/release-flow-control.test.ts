import { createHash } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createLeaseActivities } from '../../src/activities/lease-activities';
import { createGantryClient } from '../../src/client/gantry-client';
import { WEEKDAYS } from '../../src/config/catalog-schema';
import type { ReleaseProgress } from '../../src/domain/progress';
import { releaseWorkflowId } from '../../src/domain/naming';
import { testCatalog } from '../harness/catalog-fixture';
import { cleanupGitFixtures } from '../harness/git-fixtures';
import { createReleaseHarness } from '../harness/release-harness';
import { createTestWorker, startDevServer, uniqueTaskQueue } from '../harness/temporal-env';

const N = 30;
const MAX_PARALLEL = 5;
const services = Array.from({ length: N }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
const imageOf = (service: string): string =>
  `registry.gantry.local/${service}@sha256:${createHash('sha256').update(service).digest('hex')}`;

describe('flow control when a window opens (dev server, real GitOps repo)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    // The real dev server: the time-skipping one cannot take 30 workflows waking in the same second.
    env = await startDevServer();
  });
  afterAll(async () => {
    await env?.teardown();
    await cleanupGitFixtures();
  });

  it(`${N} releases parked on one window with maxParallel ${MAX_PARALLEL} never have more than ${MAX_PARALLEL} in flight`, async () => {
    // Windows have minute resolution: park on one opening at the next minute (at least 8 s away).
    const opening = new Date(Math.ceil((Date.now() + 8_000) / 60_000) * 60_000);
    const day = WEEKDAYS[(opening.getUTCDay() + 6) % 7]!;
    const hhmm = (d: Date): string => d.toISOString().slice(11, 16);
    const end = hhmm(
      new Date(
        Math.min(
          opening.getTime() + 3_600_000,
          Date.UTC(opening.getUTCFullYear(), opening.getUTCMonth(), opening.getUTCDate(), 23, 59),
        ),
      ),
    );
    const catalog = testCatalog({
      environments: {
        prod: {
          branch: 'release',
          timeZone: 'UTC',
          windows: [{ days: [day], start: hhmm(opening), end }],
          maxParallel: MAX_PARALLEL,
        },
      },
      services: Object.fromEntries(
        services.map((s) => [
          s,
          { repo: `${s}.git`, language: 'nodejs', owners: ['alice'], team: 'payments', gray: { enabled: false } },
        ]),
      ),
    });
    const harness = await createReleaseHarness(catalog);
    // In flight: from a release's first GitOps commit until it announces its end (the slot goes back after that).
    const inFlight = new Set<string>();
    let most = 0;
    const commitDeployment = harness.activities.commitDeployment as unknown as (i: {
      service: string;
    }) => Promise<unknown>;
    const waitHealthy = harness.target.waitHealthy.bind(harness.target);
    harness.target.waitHealthy = async (...args) => {
      await new Promise((r) => setTimeout(r, 150)); // a deploy takes a moment, so the slots fill up
      return waitHealthy(...args);
    };
    const activities = {
      ...harness.activities,
      ...createLeaseActivities(),
      async commitDeployment(input: { service: string }) {
        inFlight.add(input.service);
        most = Math.max(most, inFlight.size);
        return commitDeployment(input);
      },
    };
    harness.events.push = function (...events) {
      for (const e of events) if (e.kind === 'succeeded') inFlight.delete(e.progress.service);
      return Array.prototype.push.apply(this, events);
    };
    const taskQueue = uniqueTaskQueue('window-flow-control');
    const worker = await createTestWorker(env, { taskQueue, activities, maxCachedWorkflows: 100 });
    const gantry = createGantryClient(env.client, taskQueue);

    await worker.runUntil(async () => {
      for (const service of services) {
        await gantry.requestRelease(service, 'prod', {
          image: imageOf(service),
          requestedBy: 'alice',
          kind: 'release',
        });
      }
      // Watch the queue while the releases run: some must show "queued, N ahead".
      const queued: ReleaseProgress[] = [];
      let done = false;
      const watching = (async () => {
        while (!done) {
          for (const service of services) {
            const p = await gantry.releaseProgress(service, 'prod').catch(() => undefined);
            if (p?.deployQueue?.ahead !== undefined) queued.push(p);
          }
          await new Promise((r) => setTimeout(r, 250));
        }
      })();
      const results = await Promise.all(
        services.map((s) => env.client.workflow.getHandle(releaseWorkflowId(s, 'prod')).result()),
      );
      done = true;
      await watching;

      expect(Date.now()).toBeGreaterThanOrEqual(opening.getTime());
      expect(results.map((r) => r.status)).toEqual(services.map(() => 'succeeded'));
      expect(most).toBeLessThanOrEqual(MAX_PARALLEL);
      expect(most).toBe(MAX_PARALLEL); // the limit was reached, so it was the limit that held them back
      expect(queued.length).toBeGreaterThan(0);
      expect(queued[0]!.deployQueue).toMatchObject({ key: 'prod', maxParallel: MAX_PARALLEL });
      expect(queued[0]!.currentStep).toMatch(/queued, \d+ ahead/);
      for (const service of services) {
        expect(await harness.gitOps.read(service, 'prod')).toEqual({ stable: imageOf(service), gray: null });
        const window = (await gantry.releaseProgress(service, 'prod')).stages.find((s) => s.name === 'window')!;
        expect(window).toMatchObject({ state: 'succeeded', step: 'window open; deploy slot granted' });
        expect(new Date(window.endedAt!).getTime()).toBeGreaterThanOrEqual(opening.getTime());
      }
    });
  }, 120_000);
});
