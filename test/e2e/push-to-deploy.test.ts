import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { createGantryClient, type GantryClient } from '../../src/client/gantry-client';
import type { Catalog } from '../../src/config/catalog-schema';
import { loadCatalog } from '../../src/config/load-catalog';
import { loadSettings } from '../../src/config/settings';
import { pipelineWorkflowId, releaseWorkflowId } from '../../src/domain/naming';
import { ensureExampleRepos } from '../../src/embedded/example-repos';
import { ErrorType } from '../../src/errors';
import { runGit } from '../../src/integrations/git/run-git';
import { createHttpServer } from '../../src/server/http-server';
import { createWorkerDependencies, type WorkerDependencies } from '../../src/workers/worker-dependencies';
import { hostPortOf } from '../../src/workers/service-host-ports';
import { freePortBlock } from '../harness/free-port';
import { cleanupGitFixtures, makeTempDir } from '../harness/git-fixtures';
import { createTestWorker, startDevServer, uniqueTaskQueue } from '../harness/temporal-env';
import { waitFor } from '../harness/wait-for';

const EXAMPLES = resolve(__dirname, '../../examples');

/**
 * The embedded system for real: example repos with their push hook, the webhook server, a worker with the local
 * executor, image store and deploy target; only the Temporal server is the test harness's.
 */
describe('pushes to an example repo (end to end, embedded defaults)', () => {
  let env: TestWorkflowEnvironment;
  let server: Server;
  let deps: WorkerDependencies;
  let worker: Worker;
  let running: Promise<void>;
  let gantry: GantryClient;
  let clone: string;
  let dataDir: string;
  let portOf: ReturnType<typeof hostPortOf>;

  const git = (...args: string[]) => runGit(args, { cwd: clone });
  const head = async () => (await git('rev-parse', 'HEAD')).trim();
  const pipeline = (environment: string, commit: string) =>
    waitFor(`the push hook starting CI for ${environment}`, async () => {
      const handle = env.client.workflow.getHandle(pipelineWorkflowId('hello-node', environment, commit));
      await handle.describe();
      return handle;
    });
  const answer = async (environment: string) => {
    const res = await fetch(`http://127.0.0.1:${portOf({ service: 'hello-node', environment }, 'stable')}/`);
    return (await res.json()) as { env: string; version: string };
  };

  beforeAll(async () => {
    env = await startDevServer();
    dataDir = await makeTempDir('gantry-e2e-');
    const catalog: Catalog = await loadCatalog(join(EXAMPLES, 'gantry.yaml'));
    catalog.environments.dev!.healthTimeout = 3000; // the broken-release test waits this long for health
    // Every service and environment gets stable and gray ports from this base (see hostPortOf).
    const basePort = await freePortBlock(Object.keys(catalog.services).length * 8);
    const settings = loadSettings({ GANTRY_DATA_DIR: dataDir, GANTRY_LOCAL_BASE_PORT: String(basePort) });
    portOf = hostPortOf(catalog, basePort);
    const taskQueue = uniqueTaskQueue('e2e');
    gantry = createGantryClient(env.client, taskQueue);
    deps = createWorkerDependencies(settings, catalog, () => undefined);
    server = createHttpServer({
      gantry,
      catalog,
      logs: deps.logs,
      gitlabToken: 's3cret',
      githubSecret: '',
      repoBase: settings.repoBase,
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/gitlab`;
    await ensureExampleRepos({
      catalog,
      examplesDir: EXAMPLES,
      reposDir: join(dataDir, 'repos'),
      hookUrl,
      gitlabToken: 's3cret',
    });
    worker = await createTestWorker(env, { taskQueue, activities: createActivities(deps) });
    running = worker.run();
    clone = await makeTempDir('gantry-e2e-clone-');
    await runGit(['clone', '--quiet', '--branch', 'dev', `file://${join(dataDir, 'repos', 'hello-node.git')}`, clone]);
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await deps?.stop();
    server?.close();
    await env?.teardown();
    await cleanupGitFixtures();
  });

  it('runs CI and deploys hello-node to dev, then to test, each answering HTTP with the built image', async () => {
    await git('commit', '--quiet', '--allow-empty', '-m', 'feat: say hello louder');
    const commit = await head();
    await git('push', '--quiet', 'origin', 'HEAD:dev');
    const deployedTo = async (environment: string) => {
      const built = await (await pipeline(environment, commit)).result();
      expect(built).toMatchObject({ commit, releaseWorkflowId: releaseWorkflowId('hello-node', environment) });
      expect(built.tests.total).toBeGreaterThan(0);
      expect(built.tests.failed).toBe(0);
      expect(built.coverage).toBeGreaterThan(0.5);
      const release = await env.client.workflow.getHandle(releaseWorkflowId('hello-node', environment)).result();
      expect(release).toMatchObject({ status: 'succeeded', image: built.image });
      expect(await answer(environment)).toMatchObject({ env: environment, version: built.image });
      return built.image;
    };
    const devImage = await deployedTo('dev');
    // The test branch gets the same commit: same content, same image digest.
    await git('push', '--quiet', 'origin', 'HEAD:test');
    expect(await deployedTo('test')).toBe(devImage);

    // A second hook for the same commit joins the pipeline that already ran.
    expect(await gantry.startPipeline({ service: 'hello-node', environment: 'dev', commit, triggeredBy: 'x' })).toEqual(
      {
        workflowId: pipelineWorkflowId('hello-node', 'dev', commit),
        joined: true,
        status: 'succeeded',
      },
    );
  });

  it('stops CI at a failing unit test, names it, and deploys nothing', async () => {
    const before = await answer('dev');
    const broken = `const { it } = require('node:test');\nconst assert = require('node:assert');\nit('adds up', () => assert.equal(1 + 1, 3));\n`;
    await git('checkout', '--quiet', '-b', 'broken-test');
    await import('node:fs/promises').then((fs) => fs.writeFile(join(clone, 'test', 'broken.test.js'), broken));
    await git('add', '--all');
    await git('commit', '--quiet', '-m', 'test: a broken test');
    const commit = await head();
    await git('push', '--quiet', 'origin', 'HEAD:dev');
    const failure = await (await pipeline('dev', commit)).result().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect(((failure as WorkflowFailedError).cause as { type?: string }).type).toBe(ErrorType.TestsFailed);
    const progress = await gantry.pipelineProgress('hello-node', 'dev', commit);
    expect(progress.stages.map((s) => [s.name, s.state])).toEqual([
      ['checkout', 'succeeded'],
      ['compile', 'succeeded'],
      ['test', 'failed'],
      ['quality-gate', 'pending'],
      ['image', 'pending'],
      ['scan', 'pending'],
      ['release', 'pending'],
    ]);
    expect(progress.lastError?.message).toContain('adds up');
    expect(progress.lastError?.logId).toBeDefined();
    expect(await answer('dev')).toEqual(before);
    await git('reset', '--quiet', '--hard', 'HEAD~1');
    await git('push', '--quiet', '--force', 'origin', 'HEAD:dev');
  });

  it('rolls dev back to the running version when the new one never turns healthy', async () => {
    const before = await answer('dev');
    await import('node:fs/promises').then((fs) => fs.writeFile(join(clone, 'FAIL_HEALTH'), ''));
    await git('add', '--all');
    await git('commit', '--quiet', '-m', 'feat: a version whose health check fails');
    const commit = await head();
    await git('push', '--quiet', 'origin', 'HEAD:dev');
    await (await pipeline('dev', commit)).result();
    const release = env.client.workflow.getHandle(releaseWorkflowId('hello-node', 'dev'));
    const failure = await release.result().catch((e: unknown) => e);
    expect(((failure as WorkflowFailedError).cause as { type?: string }).type).toBe(ErrorType.ReleaseRolledBack);
    const progress = await gantry.releaseProgress('hello-node', 'dev');
    expect(progress).toMatchObject({ status: 'rolled-back', previousImage: before.version });
    expect(progress.lastError?.type).toBe(ErrorType.HealthTimeout);
    expect(await answer('dev')).toEqual(before);
  });
});
