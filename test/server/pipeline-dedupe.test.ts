import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { createGantryClient } from '../../src/client/gantry-client';
import { loadSettings } from '../../src/config/settings';
import { pipelineWorkflowId } from '../../src/domain/naming';
import { runGit } from '../../src/integrations/git/run-git';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import { createHttpServer } from '../../src/server/http-server';
import { gitlabPush, send, sha } from '../../src/testing/webhook-senders';
import { SA } from '../../src/workflows/search-attributes';
import { createWorkerDependencies } from '../../src/workers/worker-dependencies';
import { testCatalog } from '../harness/catalog-fixture';
import { cleanupGitFixtures, commitFiles, makeTempDir } from '../harness/git-fixtures';
import { createTestWorker, startDevServer, uniqueTaskQueue } from '../harness/temporal-env';

/** Pushes name the repo as GitLab does; the worker checks out the same repo from a local mirror of it. */
const REPO_BASE = 'https://git.example.com/shop';

/**
 * "One pipeline per commit and environment" is kept by Temporal (the workflow id and its reuse policy), not by the
 * server's memory: it holds for a new server process, without a GitLab token, and after the pipeline failed.
 */
describe('durable pipeline dedupe', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let taskQueue: string;
  const servers: Server[] = [];

  beforeAll(async () => {
    env = await startDevServer();
    taskQueue = uniqueTaskQueue('pipeline-dedupe');
    const repos = await makeTempDir('gantry-dedupe-repos-');
    const origin = join(repos, 'orders.git');
    await runGit(['init', '--quiet', '--bare', '--initial-branch=dev', origin]);
    await commitFiles(origin, 'dev', { 'README.md': 'orders\n' }, 'init');
    const settings = loadSettings({
      GANTRY_DATA_DIR: await makeTempDir('gantry-dedupe-data-'),
      GANTRY_REPO_BASE: `file://${repos}`,
    });
    const deps = createWorkerDependencies(settings, testCatalog(), () => undefined);
    worker = await createTestWorker(env, { taskQueue, activities: createActivities(deps) });
    running = worker.run();
  });

  afterAll(async () => {
    servers.forEach((s) => s.close());
    worker?.shutdown();
    await running;
    await env?.teardown();
    await cleanupGitFixtures();
  });

  /** A fresh API server process on the same Temporal: nothing remembered from the previous one. */
  async function startServer(): Promise<string> {
    const server = createHttpServer({
      gantry: createGantryClient(env.client, taskQueue),
      catalog: testCatalog(),
      logs: createFileLogStore(await makeTempDir()),
      gitlabToken: '',
      githubSecret: '',
      repoBase: REPO_BASE,
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const pipelinesOf = async (commit: string) => {
    const ids: string[] = [];
    for await (const wf of env.client.workflow.list({ query: `TaskQueue = '${taskQueue}'` }))
      if (wf.workflowId.includes(commit)) ids.push(wf.workflowId);
    return ids.sort();
  };

  it('starts nothing again for a redelivery after a restart, nor for a second hook once the pipeline failed; --rerun does', async () => {
    // A commit that is not on the branch: the checkout refuses it and the pipeline fails for good.
    const commit = sha('not-on-dev');
    const id = pipelineWorkflowId('orders', 'dev', commit);
    const push = gitlabPush({ token: '', branch: 'dev', after: commit, idempotencyKey: 'delivery-1' });

    const first = await send(await startServer(), push);
    expect(first).toMatchObject({ status: 202, json: { started: [{ workflowId: id, joined: false }] } });
    await expect(env.client.workflow.getHandle(id).result()).rejects.toThrow();

    // The API restarted (a new server, no memory of delivery-1), then GitLab redelivers: nothing starts.
    const restarted = await startServer();
    const redelivered = await send(restarted, push);
    expect(redelivered).toMatchObject({
      status: 200,
      json: { started: [{ workflowId: id, joined: true, status: 'failed' }] },
    });
    // A second hook for the same commit (another delivery id) does not re-run the failed pipeline either.
    const second = await send(
      restarted,
      gitlabPush({ token: '', branch: 'dev', after: commit, idempotencyKey: 'd-2' }),
    );
    expect(second).toMatchObject({ status: 200, json: { started: [{ workflowId: id, status: 'failed' }] } });
    expect(await pipelinesOf(commit)).toEqual([id]);

    // Re-running is explicit and recorded with who asked.
    const rerun = await fetch(`${restarted}/api/pipelines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'orders', environment: 'dev', commit, triggeredBy: 'carol', rerun: true }),
    });
    expect(rerun.status).toBe(202);
    expect(await rerun.json()).toMatchObject({ workflowId: `${id}#rerun-1`, joined: false, rerunOf: id });
    const described = await env.client.workflow.getHandle(`${id}#rerun-1`).describe();
    expect(described.memo).toMatchObject({ gantryRerun: { of: id, by: 'carol' } });
    expect(described.typedSearchAttributes.get(SA.triggeredBy)).toBe('carol');
    expect(await pipelinesOf(commit)).toEqual([id, `${id}#rerun-1`]);

    // Progress follows the newest run; a hook now reports that run, and still starts nothing.
    await expect(env.client.workflow.getHandle(`${id}#rerun-1`).result()).rejects.toThrow();
    const progress = await fetch(`${restarted}/api/pipelines/orders/dev/${commit}`);
    expect(await progress.json()).toMatchObject({ workflowId: `${id}#rerun-1`, status: 'failed' });
    const third = await send(restarted, gitlabPush({ token: '', branch: 'dev', after: commit, idempotencyKey: 'd-3' }));
    expect(third).toMatchObject({ status: 200, json: { started: [{ workflowId: `${id}#rerun-1`, joined: true }] } });
    expect(await pipelinesOf(commit)).toHaveLength(2);
  });
});
