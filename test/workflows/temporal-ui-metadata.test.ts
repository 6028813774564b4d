import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createGantryClient, type GantryClient } from '../../src/client/gantry-client';
import { WEEKDAYS } from '../../src/config/catalog-schema';
import { releaseWorkflowId } from '../../src/domain/naming';
import type { ReleaseStatus } from '../../src/domain/progress';
import { testImage, testCatalog } from '../harness/catalog-fixture';
import { cleanupGitFixtures } from '../harness/git-fixtures';
import { collectHistories, replayAll } from '../harness/histories';
import { createReleaseHarness, type ReleaseHarness } from '../harness/release-harness';
import { createTestWorker, startDevServer, uniqueTaskQueue } from '../harness/temporal-env';
import { waitFor } from '../harness/wait-for';

const ZONE = 'Asia/Shanghai';
const IMAGE = testImage('temporal-ui');
const DAY_MS = 86_400_000;
/** Two days from today in Shanghai, as YYYY-MM-DD: prod's only window is that day, so a release waits for it. */
const windowDate = new Date(
  Date.parse(new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date())) + 2 * DAY_MS,
)
  .toISOString()
  .slice(0, 10);
const windowDay = WEEKDAYS[(new Date(windowDate).getUTCDay() + 6) % 7]!;

/** What the Temporal UI reads for the detail page's "current details": the SDK's built-in metadata query. */
const currentDetails = async (env: TestWorkflowEnvironment, workflowId: string): Promise<string> => {
  const meta = await env.client.workflow
    .getHandle(workflowId)
    .query<{ currentDetails: string }>('__temporal_workflow_metadata');
  return meta.currentDetails;
};

describe('a release in the Temporal UI (dev server, user metadata)', () => {
  let env: TestWorkflowEnvironment;
  let harness: ReleaseHarness;
  let gantry: GantryClient;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueTaskQueue('temporal-ui-metadata');
  const workflowId = releaseWorkflowId('orders', 'prod');

  beforeAll(async () => {
    env = await startDevServer();
    harness = await createReleaseHarness(
      testCatalog({
        environments: {
          prod: { branch: 'release', timeZone: ZONE, windows: [{ days: [windowDay], start: '10:00', end: '17:00' }] },
        },
      }),
    );
    worker = await createTestWorker(env, { taskQueue, activities: harness.activities });
    running = worker.run();
    gantry = createGantryClient(env.client, taskQueue);
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
    await cleanupGitFixtures();
  });

  const statusIs = (status: ReleaseStatus) =>
    waitFor(`the release reaching ${status}`, async () => {
      const p = await gantry.releaseProgress('orders', 'prod');
      if (p.status !== status) throw new Error(`${p.status}: ${p.currentStep} ${p.lastError?.message ?? ''}`);
      return p;
    });

  /** Workflow ids a visibility query finds (visibility lags the workflow a little). */
  const found = async (query: string): Promise<string[]> => {
    const ids: string[] = [];
    for await (const wf of env.client.workflow.list({ query: `${query} AND TaskQueue = '${taskQueue}'` }))
      ids.push(wf.workflowId);
    return ids;
  };
  const eventuallyFound = (query: string) =>
    waitFor(`a run matching ${query}`, async () => ((await found(query)).length > 0 ? found(query) : undefined));

  it('shows who asked for which image, and that it waits for the window until Shanghai 10:00', async () => {
    await gantry.requestRelease('orders', 'prod', {
      image: IMAGE,
      requestedBy: 'alice',
      kind: 'release',
    });
    await statusIs('waiting-for-window');

    const described = await env.client.workflow.getHandle(workflowId).describe();
    expect(await described.staticSummary()).toBe(`release orders → prod: ${IMAGE} (asked by alice)`);
    expect(await described.staticDetails()).toContain('- asked by: alice');
    // The memo summary is gone: current details say more, without a history event per change.
    expect(described.memo?.['summary']).toBeUndefined();

    expect(await currentDetails(env, workflowId)).toBe(
      `waiting for the release window until ${windowDate} 10:00 ${ZONE}; emergency approvers: bob, carol\n` +
        `\`${IMAGE}\` asked by alice`,
    );
  });

  it('is found by the README saved searches for waiting releases', async () => {
    expect(await eventuallyFound(`GantryStatus = 'waiting-for-window'`)).toEqual([workflowId]);
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    expect(await eventuallyFound(`GantryStatus = 'waiting-for-window' AND GantryStatusSince < '${inAnHour}'`)).toEqual([
      workflowId,
    ]);
    // Waiting for less than an hour: not yet "stuck for an hour".
    const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    expect(await found(`GantryStatus = 'waiting-for-window' AND GantryStatusSince < '${anHourAgo}'`)).toEqual([]);
  });

  it('after an emergency approval, says who may promote the gray and since when', async () => {
    await gantry.decide('orders', 'prod', 'approve', { by: 'bob', reason: 'INC-7 hotfix' });
    await statusIs('waiting-for-promotion');
    expect(await currentDetails(env, workflowId)).toMatch(
      new RegExp(`^waiting for promotion by alice, bob, carol since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d ${ZONE}\\n`),
    );
    expect(
      await eventuallyFound(`GantryStatus = 'waiting-for-promotion' AND GantryStatusSince > '2020-01-01T00:00:00Z'`),
    ).toEqual([workflowId]);
  });

  it('names every activity in the event history, and those histories replay', async () => {
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const summaries = (history.events ?? [])
      .filter((e) => e.activityTaskScheduledEventAttributes)
      .map((e) => {
        const payload = e.userMetadata?.summary;
        return payload ? defaultPayloadConverter.fromPayload<string>(payload) : undefined;
      });
    const revision = harness.target.syncs[0]!.revision.slice(0, 12);
    // Every activity carries one; the deploy steps read as what they do, in order.
    expect(summaries.every((summary) => typeof summary === 'string' && summary.length > 0)).toBe(true);
    expect(summaries[0]).toBe('plan release orders prod');
    const deploySteps = [
      'commit gray orders prod',
      `sync orders-prod @ ${revision}`,
      'wait healthy orders prod (gray)',
    ];
    const at = summaries.indexOf(deploySteps[0]);
    expect(summaries.slice(at, at + 3)).toEqual(deploySteps);
    expect(summaries).toEqual(
      expect.arrayContaining([
        'notify waiting-for-window',
        'read deployment orders prod',
        'notify waiting-for-promotion',
      ]),
    );

    // The memo summary is no longer upserted: what it said is in the current details, which cost no history event.
    expect((history.events ?? []).filter((e) => e.workflowPropertiesModifiedEventAttributes)).toEqual([]);

    await env.client.workflow.getHandle(workflowId).terminate('test done');
    expect(await replayAll(await collectHistories(env, taskQueue, 'temporal-ui-metadata'))).toEqual([]);
  });
});
