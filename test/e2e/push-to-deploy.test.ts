import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../src/activities';
import { createGantryClient, type GantryClient } from '../../src/client/gantry-client';
import type { Catalog } from '../../src/config/catalog-schema';
import { loadCatalog } from '../../src/config/load-catalog';
import { loadSettings } from '../../src/config/settings';
import { ensureExampleRepos } from '../../src/embedded/example-repos';
import { pipelineWorkflowId, releaseWorkflowId } from '../../src/domain/naming';
import { runGit } from '../../src/integrations/git/run-git';
import { createHttpServer } from '../../src/server/http-server';
import { localPortOf } from '../../src/workers/local-ports';
import { createEmbeddedDependencies, type EmbeddedDependencies } from '../../src/workers/embedded-dependencies';
import { cleanupGitFixtures, makeTempDir } from '../harness/git-fixtures';
import { createTestWorker, startDevServer, uniqueTaskQueue } from '../harness/temporal-env';
import { waitFor } from '../harness/wait-for';

const EXAMPLES = resolve(__dirname, '../../examples');

describe('a push to an example repo (end to end, embedded defaults)', () => {
  let env: TestWorkflowEnvironment;
  let server: Server | undefined;
  let deps: EmbeddedDependencies | undefined;
  beforeAll(async () => {
    env = await startDevServer();
  });
  afterAll(async () => {
    await deps?.stop();
    server?.close();
    await env?.teardown();
    await cleanupGitFixtures();
  });

  it('runs CI and deploys hello-node to dev, then to test, each answering HTTP with the built image', async () => {
    const dataDir = await makeTempDir('gantry-e2e-');
    const catalog: Catalog = await loadCatalog(join(EXAMPLES, 'gantry.yaml'));
    const basePort = 20_000 + (process.pid % 2000) * 16;
    const settings = loadSettings({ GANTRY_DATA_DIR: dataDir, GANTRY_LOCAL_BASE_PORT: String(basePort) });
    const taskQueue = uniqueTaskQueue('e2e');
    const gantry: GantryClient = createGantryClient(env.client, taskQueue);
    deps = createEmbeddedDependencies(settings, catalog, () => undefined);
    server = createHttpServer({ gantry, catalog, logs: deps.logs, gitlabToken: 's3cret', repoBase: settings.repoBase });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/gitlab`;
    await ensureExampleRepos({
      catalog,
      examplesDir: EXAMPLES,
      reposDir: join(dataDir, 'repos'),
      hookUrl,
      gitlabToken: 's3cret',
    });
    const worker = await createTestWorker(env, { taskQueue, activities: createActivities(deps) });

    const portOf = localPortOf(catalog, basePort);
    const deployedTo = async (environment: string, commit: string) => {
      const pipeline = await waitFor(`the push hook starting CI for ${environment}`, async () => {
        const handle = env.client.workflow.getHandle(pipelineWorkflowId('hello-node', environment, commit));
        await handle.describe();
        return handle;
      });
      const built = await pipeline.result();
      expect(built).toMatchObject({ commit, releaseWorkflowId: releaseWorkflowId('hello-node', environment) });
      expect(built.tests.total).toBeGreaterThan(0);
      expect(built.tests.failed).toBe(0);
      expect(built.coverage).toBeGreaterThan(0.5);
      const release = await env.client.workflow.getHandle(releaseWorkflowId('hello-node', environment)).result();
      expect(release).toMatchObject({ status: 'succeeded', image: built.image });
      const res = await fetch(`http://127.0.0.1:${portOf({ service: 'hello-node', environment }, 'stable')}/`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ service: 'hello-node', env: environment, version: built.image });
      return built.image;
    };

    await worker.runUntil(async () => {
      const clone = await makeTempDir('gantry-e2e-clone-');
      const git = (...args: string[]) => runGit(args, { cwd: clone });
      await runGit([
        'clone',
        '--quiet',
        '--branch',
        'dev',
        `file://${join(dataDir, 'repos', 'hello-node.git')}`,
        clone,
      ]);
      await git('commit', '--quiet', '--allow-empty', '-m', 'feat: say hello louder');
      const commit = (await git('rev-parse', 'HEAD')).trim();
      await git('push', '--quiet', 'origin', 'HEAD:dev');
      const devImage = await deployedTo('dev', commit);

      // Promote the same commit to test by pushing the test branch: same content, same image digest.
      await git('push', '--quiet', 'origin', 'HEAD:test');
      expect(await deployedTo('test', commit)).toBe(devImage);
    });
  });
});
