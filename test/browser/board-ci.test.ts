import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { createGantryBoardSource } from '../../src/board/gantry-board-source';
import { createGantryClient } from '../../src/client/gantry-client';
import { loadCatalog } from '../../src/config/load-catalog';
import { loadSettings } from '../../src/config/settings';
import { ensureExampleRepos } from '../../src/embedded/example-repos';
import { runGit } from '../../src/integrations/git/run-git';
import { launchChromium } from '../harness/headless-chromium';
import { createWorkerDependencies, type WorkerDependencies } from '../../src/workers/worker-dependencies';
import { startBoardServer, type BoardServer } from '../harness/board-server';
import { freePortBlock } from '../harness/free-port';
import { cleanupGitFixtures, makeTempDir } from '../harness/git-fixtures';
import { createTestWorker, startDevServer, uniqueTaskQueue } from '../harness/temporal-env';

const EXAMPLES = resolve(__dirname, '../../examples');
const SCREENSHOTS = resolve(__dirname, '../../test-output/screenshots');

/** A real pipeline on the embedded defaults (local executor, image store), read on the board's CI pages. */
describe('the board CI pages in a real browser (hello-node pipeline, embedded defaults)', () => {
  let env: TestWorkflowEnvironment;
  let deps: WorkerDependencies | undefined;
  let worker: Worker;
  let running: Promise<void>;
  let server: BoardServer | undefined;

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await server?.stop();
    await deps?.stop();
    await env?.teardown();
    await cleanupGitFixtures();
  });

  it('shows the steps, test counts, coverage and image digest of a pipeline that ran', async () => {
    env = await startDevServer();
    await mkdir(SCREENSHOTS, { recursive: true });
    const dataDir = await makeTempDir('gantry-board-ci-');
    const catalog = await loadCatalog(join(EXAMPLES, 'gantry.yaml'));
    const basePort = await freePortBlock(Object.keys(catalog.services).length * 8);
    const settings = loadSettings({ GANTRY_DATA_DIR: dataDir, GANTRY_LOCAL_BASE_PORT: String(basePort) });
    await ensureExampleRepos({
      catalog,
      examplesDir: EXAMPLES,
      reposDir: join(dataDir, 'repos'),
      hookUrl: 'http://127.0.0.1:9/hooks/gitlab', // no push here: the pipeline is started directly
      gitlabToken: '',
    });
    const taskQueue = uniqueTaskQueue('board-ci');
    const gantry = createGantryClient(env.client, taskQueue);
    deps = createWorkerDependencies(settings, catalog, () => undefined);
    worker = await createTestWorker(env, { taskQueue, activities: createActivities(deps) });
    running = worker.run();
    server = await startBoardServer({
      source: createGantryBoardSource({ gantry, catalog, temporalUiUrl: 'http://127.0.0.1:8233' }),
      gantry,
      catalog,
      logs: deps.logs,
    });
    const repo = `file://${join(dataDir, 'repos', 'hello-node.git')}`;
    const commit = (await runGit(['ls-remote', repo, 'refs/heads/dev'])).split('\t')[0]!;
    await gantry.startPipeline({ service: 'hello-node', environment: 'dev', commit, triggeredBy: 'alice' });

    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}/board/ci/hello-node/dev`);
      await page.locator(`a[href$="/${commit}"]`).click();
      // The page follows the pipeline live until it is done (the release to dev starts after it).
      await page.locator('.status', { hasText: 'succeeded' }).waitFor({ timeout: 300_000 });
      const facts = await page.locator('dl.facts').innerText();
      const tests = /Tests\s+(\d+) run, (\d+) passed,\s*0 failed/.exec(facts);
      expect(tests).not.toBeNull();
      expect(Number(tests![1])).toBeGreaterThan(0);
      expect(tests![2]).toBe(tests![1]);
      expect(facts).toMatch(/Coverage\s+\d+\.\d %/);
      expect(facts).toMatch(/Image\s+\S+@sha256:[0-9a-f]{64}/);
      const steps = await page.locator('table.stages tbody th').allInnerTexts();
      expect(steps).toEqual(expect.arrayContaining(['checkout', 'compile', 'test', 'quality-gate', 'image']));
      for (const state of await page.locator('table.stages tbody td:nth-child(2)').allInnerTexts()) {
        expect(state).toMatch(/succeeded|skipped/);
      }
      await page.screenshot({ path: join(SCREENSHOTS, 'board-ci-pipeline.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 420_000);
});
