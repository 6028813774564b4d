import { join, resolve } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../src/activities';
import { createGantryClient, type GantryClient } from '../../src/client/gantry-client';
import type { Catalog } from '../../src/config/catalog-schema';
import { loadCatalog } from '../../src/config/load-catalog';
import { loadSettings, type Settings } from '../../src/config/settings';
import { ensureExampleRepos } from '../../src/embedded/example-repos';
import { hostPortOf } from '../../src/workers/service-host-ports';
import { createWorkerDependencies, type WorkerDependencies } from '../../src/workers/worker-dependencies';
import { freePortBlock } from './free-port';
import { cleanupGitFixtures, makeTempDir } from './git-fixtures';
import { createTestWorker, startDevServer, uniqueTaskQueue } from './temporal-env';

export const EXAMPLES = resolve(__dirname, '../../examples');

export interface EmbeddedE2E {
  env: TestWorkflowEnvironment;
  catalog: Catalog;
  settings: Settings;
  dataDir: string;
  portOf: ReturnType<typeof hostPortOf>;
  gantry: GantryClient;
  deps: WorkerDependencies;
  /** Stops the worker, the local services and the dev server, and removes the git fixtures. */
  stop(): Promise<void>;
}

/**
 * The example catalog on the embedded defaults, for real: a dev server, the example repos, the worker's own
 * dependencies (local executor, image store, deploy target on a free port block) and a worker running them.
 */
export async function startEmbeddedE2E(name: string): Promise<EmbeddedE2E> {
  const env = await startDevServer();
  const dataDir = await makeTempDir(`gantry-e2e-${name}-`);
  const catalog = await loadCatalog(join(EXAMPLES, 'gantry.yaml'));
  const basePort = await freePortBlock(Object.keys(catalog.services).length * 8);
  const settings = loadSettings({ GANTRY_DATA_DIR: dataDir, GANTRY_LOCAL_BASE_PORT: String(basePort) });
  const taskQueue = uniqueTaskQueue(`e2e-${name}`);
  const deps = createWorkerDependencies(settings, catalog, () => undefined);
  await ensureExampleRepos({ catalog, examplesDir: EXAMPLES, reposDir: join(dataDir, 'repos'), gitlabToken: '' });
  const worker = await createTestWorker(env, { taskQueue, activities: createActivities(deps) });
  const running = worker.run();
  return {
    env,
    catalog,
    settings,
    dataDir,
    portOf: hostPortOf(catalog, basePort),
    gantry: createGantryClient(env.client, taskQueue),
    deps,
    async stop() {
      worker.shutdown();
      await running;
      await deps.stop();
      await env.teardown();
      await cleanupGitFixtures();
    },
  };
}
