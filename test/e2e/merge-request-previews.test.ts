import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { parseFilters } from '../../src/board/board-filters';
import { createGantryBoardSource } from '../../src/board/gantry-board-source';
import { renderMatrix } from '../../src/board/matrix-page';
import { renderPreview } from '../../src/cli/render-progress';
import { createGantryClient, type GantryClient } from '../../src/client/gantry-client';
import type { Catalog } from '../../src/config/catalog-schema';
import { loadCatalog } from '../../src/config/load-catalog';
import { loadSettings, resolveRepoUrl, type Settings } from '../../src/config/settings';
import { gitOpsValuesPath, previewWorkflowId } from '../../src/domain/naming';
import { ensureExampleRepos } from '../../src/embedded/example-repos';
import { restoreDeployments } from '../../src/embedded/restore-deployments';
import { runGit } from '../../src/integrations/git/run-git';
import { createHttpServer } from '../../src/server/http-server';
import type { PreviewProgress } from '../../src/workflows/preview-messages';
import { PREVIEW_SLOTS } from '../../src/workers/service-host-ports';
import { createWorkerDependencies, type WorkerDependencies } from '../../src/workers/worker-dependencies';
import { freePortBlock } from '../harness/free-port';
import { cleanupGitFixtures, logOf, makeTempDir, readFileAt } from '../harness/git-fixtures';
import { createTestWorker, startDevServer, uniqueTaskQueue } from '../harness/temporal-env';
import { waitFor } from '../harness/wait-for';

const EXAMPLES = resolve(__dirname, '../../examples');
const TOKEN = 's3cret';

/**
 * Merge request previews on the embedded system for real: the example hello-node repo, the webhook server, a
 * worker with the local executor, image store and deploy target, a real GitOps repo; GitLab's Merge Request Hook
 * is posted as GitLab sends it.
 */
describe('merge request previews (end to end, embedded defaults)', () => {
  let env: TestWorkflowEnvironment;
  let server: Server;
  let deps: WorkerDependencies;
  let worker: Worker;
  let running: Promise<void>;
  let gantry: GantryClient;
  let catalog: Catalog;
  let clone: string;
  let hookUrl: string;
  let repoUrl: string;
  let settings: Settings;
  const logged: string[] = [];
  const lines: string[] = [];

  const git = (...args: string[]) => runGit(args, { cwd: clone });
  const head = async () => (await git('rev-parse', 'HEAD')).trim();

  /** GitLab's Merge Request Hook delivery: headers and the documented payload fields. */
  const mergeRequestHook = (
    iid: number,
    action: string,
    commit: string,
    opts: { delivery?: string; token?: string } = {},
  ) =>
    fetch(hookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-gitlab-event': 'Merge Request Hook',
        'x-gitlab-token': opts.token ?? TOKEN,
        'x-gitlab-event-uuid': randomUUID(),
        'idempotency-key': opts.delivery ?? randomUUID(),
      },
      body: JSON.stringify({
        object_kind: 'merge_request',
        event_type: 'merge_request',
        user: { username: 'alice', name: 'Alice Chen' },
        project: { id: 7, path_with_namespace: 'shop/hello-node', git_http_url: repoUrl },
        object_attributes: {
          id: 1000 + iid,
          iid,
          action,
          state: action === 'close' ? 'closed' : action === 'merge' ? 'merged' : 'opened',
          source_branch: 'feature-x',
          target_branch: 'dev',
          source_project_id: 7,
          target_project_id: 7,
          last_commit: { id: commit, message: 'feat', title: 'feat' },
        },
      }),
    });

  const previewIs = (iid: number, check: (p: PreviewProgress) => boolean, what: string) =>
    waitFor(
      `preview !${iid} ${what}`,
      async () => {
        const p = await gantry.previewProgress('hello-node', iid);
        if (p.status === 'failed') throw new Error(`preview failed: ${p.lastError?.message}`);
        return check(p) ? p : undefined;
      },
      110_000,
    );

  /** Teardown takes the preview's values file off the GitOps branch, in one commit with its change id. */
  const expectValuesFileRemoved = async (iid: number) => {
    const gitOps = settings.gitOpsRemote.replace(/^file:\/\//, '');
    const path = gitOpsValuesPath('hello-node', `preview-${iid}`);
    await expect(readFileAt(gitOps, 'main', path)).rejects.toThrow();
    const removals = (await logOf(gitOps, 'main')).filter(
      (c) => c.files.includes(path) && /#remove-values$/m.test(c.message),
    );
    expect(removals).toHaveLength(1);
  };

  const answer = async (url: string) => (await (await fetch(url)).json()) as { env: string; version: string };

  beforeAll(async () => {
    env = await startDevServer();
    const dataDir = await makeTempDir('gantry-previews-');
    catalog = await loadCatalog(join(EXAMPLES, 'gantry.yaml'));
    const basePort = await freePortBlock(Object.keys(catalog.services).length * 8 + PREVIEW_SLOTS * 2);
    settings = loadSettings({ GANTRY_DATA_DIR: dataDir, GANTRY_LOCAL_BASE_PORT: String(basePort) });
    repoUrl = resolveRepoUrl(catalog.services['hello-node']!.repo, settings.repoBase);
    const taskQueue = uniqueTaskQueue('previews');
    gantry = createGantryClient(env.client, taskQueue);
    deps = createWorkerDependencies(settings, catalog, (line) => lines.push(line));
    server = createHttpServer({
      gantry,
      catalog,
      logs: deps.logs,
      gitlabToken: TOKEN,
      githubSecret: '',
      repoBase: settings.repoBase,
      log: (line) => logged.push(line),
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/gitlab`;
    await ensureExampleRepos({
      catalog,
      examplesDir: EXAMPLES,
      reposDir: join(dataDir, 'repos'),
      hookUrl,
      gitlabToken: TOKEN,
    });
    worker = await createTestWorker(env, { taskQueue, activities: createActivities(deps) });
    running = worker.run();
    clone = await makeTempDir('gantry-previews-clone-');
    await runGit(['clone', '--quiet', '--branch', 'dev', `file://${join(dataDir, 'repos', 'hello-node.git')}`, clone]);
    await git('checkout', '--quiet', '-b', 'feature-x');
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await deps?.stop();
    server?.close();
    await env?.teardown();
    await cleanupGitFixtures();
  });

  it('refuses a forged token with 401 and starts nothing', async () => {
    const res = await mergeRequestHook(40, 'open', 'a'.repeat(40), { token: 'guess' });
    expect(res.status).toBe(401);
    await expect(gantry.previewProgress('hello-node', 40)).rejects.toThrow();
  });

  it('deploys an opened merge request to preview-<iid>, redeploys an update, and tears it down on close', async () => {
    await git('commit', '--quiet', '--allow-empty', '-m', 'feat: a preview');
    await git('push', '--quiet', 'origin', 'HEAD:feature-x');
    const first = await head();

    const delivery = randomUUID();
    const opened = await mergeRequestHook(41, 'open', first, { delivery });
    expect(opened.status).toBe(202);
    expect(await opened.json()).toMatchObject({ previews: [{ workflowId: previewWorkflowId('hello-node', 41) }] });
    // A redelivery is answered from memory; another delivery of the same commit builds nothing either.
    expect(await (await mergeRequestHook(41, 'open', first, { delivery })).json()).toMatchObject({ duplicate: true });
    expect((await mergeRequestHook(41, 'update', first)).status).toBe(202);

    const live = await previewIs(41, (p) => p.status === 'live' && p.commit === first, 'live');
    expect(live).toMatchObject({ environment: 'preview-41', branch: 'feature-x', previewUrl: expect.any(String) });
    expect(await answer(live.previewUrl!)).toEqual(expect.objectContaining({ env: 'preview-41', version: live.image }));
    expect(live.log.some((l) => l.includes(`preview hello-node !41 live at ${live.previewUrl}`))).toBe(true);
    // The card is announced after the preview went live (a separate activity): wait for its line.
    await waitFor('the preview URL in the chat line', async () =>
      lines.find((l) => l.includes(`preview at ${live.previewUrl}`)),
    );
    // `gantry preview hello-node 41`: the API and the CLI's rendering.
    const viaApi = (await (
      await fetch(hookUrl.replace('/hooks/gitlab', '/api/previews/hello-node/41'))
    ).json()) as PreviewProgress;
    expect(renderPreview(viaApi)).toContain(`  preview at ${live.previewUrl}`);
    expect(await deps.gitOps.read('hello-node', 'preview-41')).toEqual({ stable: live.image, gray: null });

    // An update with a new commit: built and redeployed at the same URL.
    // A change to the built code (dist/ is the image's content), so the image digest changes.
    await appendFile(join(clone, 'src', 'app.js'), '\n// preview change\n');
    await git('add', '--all');
    await git('commit', '--quiet', '-m', 'feat: second commit');
    await git('push', '--quiet', 'origin', 'HEAD:feature-x');
    const second = await head();
    expect((await mergeRequestHook(41, 'update', second)).status).toBe(202);
    const updated = await previewIs(41, (p) => p.status === 'live' && p.commit === second, 'live at the update');
    expect(updated.image).not.toBe(live.image);
    expect(updated.previewUrl).toBe(live.previewUrl);
    expect((await answer(updated.previewUrl!)).version).toBe(updated.image);
    // One pipeline per commit, whatever the deliveries.
    expect((await gantry.listPipelines('hello-node', 'preview-41')).map((p) => p.commit).sort()).toEqual(
      [first, second].sort(),
    );

    expect((await mergeRequestHook(41, 'merge', second)).status).toBe(202);
    const closed = (await env.client.workflow
      .getHandle(previewWorkflowId('hello-node', 41))
      .result()) as PreviewProgress;
    expect(closed).toMatchObject({ status: 'closed', closedReason: 'merge request merge by alice' });
    expect(renderPreview(closed)[0]).toBe('hello-node → preview-41  feature-x  (closed)');
    expect(await deps.gitOps.read('hello-node', 'preview-41')).toEqual({ stable: null, gray: null });
    await expectValuesFileRemoved(41);
    await expect(answer(updated.previewUrl!)).rejects.toThrow();
  });

  it('gives merge requests whose iids share a preferred port ports of their own, kept across a restart', async () => {
    const commit = await head();
    // Both prefer the same port pair: the iids differ by the slot count.
    const [a, b] = [43, 43 + PREVIEW_SLOTS];
    expect((await mergeRequestHook(a, 'open', commit)).status).toBe(202);
    expect((await mergeRequestHook(b, 'open', commit)).status).toBe(202);
    const live = (iid: number) => previewIs(iid, (p) => p.status === 'live', 'live');
    const [first, second] = await Promise.all([live(a), live(b)]);
    expect(first.previewUrl).not.toBe(second.previewUrl);
    expect(await answer(first.previewUrl!)).toMatchObject({ env: `preview-${a}`, version: first.image });
    expect(await answer(second.previewUrl!)).toMatchObject({ env: `preview-${b}`, version: second.image });
    // The release board lists both under the matrix, with their URLs.
    const board = createGantryBoardSource({ gantry, catalog });
    const snapshot = await board.snapshot();
    expect(snapshot.previews?.map((p) => p.environment).sort()).toEqual([`preview-${a}`, `preview-${b}`]);
    const page = renderMatrix(board, snapshot, parseFilters(new URLSearchParams()), 'g').toString();
    for (const p of [first, second]) expect(page).toContain(`<a href="${p.previewUrl}">${p.previewUrl}</a>`);
    expect(page).toContain('<h2 id="previews-title">Previews</h2>');

    // A restart of the embedded mode: its services stop with it, and the next start brings back what GitOps says
    // runs, the open previews included (their workflows only wait for the next event), each at its own port.
    await deps.stop();
    await expect(answer(first.previewUrl!)).rejects.toThrow();
    const restarted = createWorkerDependencies(settings, catalog, (line) => lines.push(line));
    expect(restarted.openPreviews()).toEqual(
      expect.arrayContaining([
        { service: 'hello-node', environment: `preview-${a}` },
        { service: 'hello-node', environment: `preview-${b}` },
      ]),
    );
    const restore = (d: WorkerDependencies) =>
      restoreDeployments({
        catalog,
        gitOpsRemote: settings.gitOpsRemote,
        target: d.target,
        previews: d.openPreviews(),
        log: (line) => logged.push(line),
      });
    await restore(restarted);
    // Restored as they were (the processes take a moment to listen behind their ports).
    const answersAgain = (url: string) =>
      waitFor(`${url} answering again`, () => answer(url).catch(() => undefined), 30_000);
    expect(await answersAgain(first.previewUrl!)).toMatchObject({ env: `preview-${a}`, version: first.image });
    expect(await answersAgain(second.previewUrl!)).toMatchObject({ env: `preview-${b}`, version: second.image });
    // Back to the worker's own target, which tears them down.
    await restarted.stop();
    await restore(deps);

    for (const iid of [a, b]) expect((await mergeRequestHook(iid, 'close', commit)).status).toBe(202);
    for (const iid of [a, b]) {
      const closed = await env.client.workflow.getHandle(previewWorkflowId('hello-node', iid)).result();
      expect(closed).toMatchObject({ status: 'closed' });
    }
    // Their ports are free again, for the next merge requests.
    expect(deps.openPreviews()).toEqual([]);
    await expect(answer(first.previewUrl!)).rejects.toThrow();
    await expect(answer(second.previewUrl!)).rejects.toThrow();
  });

  it('tears down a preview nobody updated for the TTL', async () => {
    catalog.previews!.ttl = 1500; // read by the preview's plan when it starts
    const res = await mergeRequestHook(42, 'open', await head());
    expect(res.status).toBe(202);
    const done = (await env.client.workflow.getHandle(previewWorkflowId('hello-node', 42)).result()) as PreviewProgress;
    expect(done.status).toBe('closed');
    expect(done.closedReason).toBe('no update for 2 s (TTL)');
    expect(done.log.some((l) => l.includes('preview hello-node !42 live at'))).toBe(true);
    expect(await deps.gitOps.read('hello-node', 'preview-42')).toEqual({ stable: null, gray: null });
    await expectValuesFileRemoved(42);
  });
});
