import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Page } from 'playwright-core';
import { createGantryBoardSource } from '../../src/board/gantry-board-source';
import { createGitOpsHistory } from '../../src/board/git-ops-history';
import { createGantryClient, type GantryClient } from '../../src/client/gantry-client';
import { WEEKDAYS } from '../../src/config/catalog-schema';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import { launchChromium } from '../harness/headless-chromium';
import { startBoardServer, type BoardServer } from '../harness/board-server';
import { testCatalog } from '../harness/catalog-fixture';
import { cleanupGitFixtures, makeTempDir } from '../harness/git-fixtures';
import { createReleaseHarness } from '../harness/release-harness';
import { createTestWorker, startDevServer, uniqueTaskQueue } from '../harness/temporal-env';
import { waitFor } from '../harness/wait-for';

const SCREENSHOTS = resolve(__dirname, '../../test-output/screenshots');
/** GANTRY_README_SCREENSHOTS=1 also refreshes the README's two pictures (docs/board-*.png), viewport-sized. */
const README_SHOTS = process.env.GANTRY_README_SCREENSHOTS === '1' ? resolve(__dirname, '../../docs') : undefined;
const digest = (c: string) => `sha256:${c.repeat(64).slice(0, 64)}`;
const GOOD = `registry.gantry.local/orders@${digest('a1')}`;
const BROKEN = `registry.gantry.local/billing@${digest('b2')}`;

/** prod opens only on the weekday two days from now (UTC), so a release requested now waits at least a day. */
function catalogWithClosedProd() {
  const now = new Date();
  const opening = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 2, 10, 0));
  const day = WEEKDAYS[(opening.getUTCDay() + 6) % 7]!;
  return testCatalog({
    environments: {
      prod: { branch: 'release', timeZone: 'UTC', windows: [{ days: [day], start: '10:00', end: '17:00' }] },
    },
    services: { billing: { repo: 'billing.git', language: 'nodejs', owners: ['alice'], team: 'payments' } },
  });
}

describe('the release board in a real browser (chromium, dev server)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await startDevServer();
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await env?.teardown();
    await cleanupGitFixtures();
  });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const readmeShot = async (page: Page, name: string) => {
    if (README_SHOTS) await page.screenshot({ path: join(README_SHOTS, `${name}.png`) });
  };
  /** Waits until an element matching `selector` shows `pattern`; on timeout says what it showed instead. */
  async function text(page: Page, selector: string, pattern: RegExp | string, timeout = 30_000) {
    try {
      await page.locator(selector, { hasText: pattern }).first().waitFor({ timeout });
    } catch (err) {
      const shown = await page
        .locator(selector)
        .allInnerTexts()
        .catch(() => []);
      throw new Error(`${selector} never showed ${String(pattern)}; it showed: ${JSON.stringify(shown)}`, {
        cause: err,
      });
    }
  }
  async function actAs(page: Page, person: string) {
    await page.locator('#whoami').fill(person);
    await page.keyboard.press('Tab'); // the identity is saved on change: leaving the field by keyboard
  }

  it('follows a release from request through window wait, emergency approval, gray and promotion to full', async () => {
    const catalog = catalogWithClosedProd();
    const harness = await createReleaseHarness(catalog);
    const taskQueue = uniqueTaskQueue('board-browser');
    const worker = await createTestWorker(env, { taskQueue, activities: harness.activities });
    const gantry: GantryClient = createGantryClient(env.client, taskQueue);
    const source = createGantryBoardSource({
      gantry,
      catalog,
      temporalUiUrl: 'http://127.0.0.1:8233',
      gitOpsHistory: createGitOpsHistory(harness.gitOpsRemote),
    });
    const logs = createFileLogStore(await makeTempDir('gantry-board-logs-'));
    let server: BoardServer = await startBoardServer({ source, gantry, catalog, logs });
    const browser = await launchChromium();

    try {
      await worker.runUntil(async () => {
        const matrix = await browser.context.newPage();
        // The API port's root opens the board (the README's first command, then a browser on it).
        await matrix.goto(`${server.url}/`);
        expect(new URL(matrix.url()).pathname).toBe('/board');
        await text(matrix, '#live-state', 'live updates: on');
        await matrix.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));

        const release = await browser.context.newPage();
        await release.goto(`${server.url}/board/releases/orders/prod`);
        await actAs(release, 'carol');
        // No build yet: the API's refusal is shown as it is.
        await release.locator('form[data-action=release] button').click();
        await text(
          release,
          '#action-result.refused',
          'no successful build of orders for prod yet: push to its branch or pass an image',
        );
        await release.locator('#release-image').fill(GOOD);
        await release.locator('form[data-action=release] button').click();
        await text(release, '#action-result', 'accepted: release');

        // The matrix learns of it live (no reload): waiting for the window, with the wake-up time.
        await text(
          matrix,
          'td[data-key="orders/prod"]',
          /waits for the window until\s+\w{3} 10:00\s+\(in \d+ d \d+ h\)/,
        );
        await text(release, '.status', 'waiting for window');
        await shot(matrix, 'board-waiting-for-window');

        // The requester cannot approve their own emergency: the workflow's refusal, verbatim.
        const approve = release.locator('form[data-action=approve]');
        await approve.locator('input[name=reason]').fill('hotfix');
        await approve.locator('button').click();
        await text(
          release,
          '#action-result.refused',
          'carol requested this release and cannot approve it too: a second person must',
        );
        await shot(release, 'board-refused-approval');

        await actAs(release, 'bob');
        await approve.locator('input[name=reason]').fill('INC-7 hotfix');
        await approve.locator('button').click();
        await text(release, '.status', 'waiting for promotion', 60_000);
        await text(release, '.decisions', /emergency\s+by bob[\s\S]*INC-7 hotfix/);
        await text(matrix, 'td[data-key="orders/prod"]', /gray\s+sha256:a1a1a1a1a1a1/);
        await text(matrix, 'td[data-key="orders/prod"]', 'waiting for promotion by alice, bob, carol');
        await shot(matrix, 'board-gray-waiting-for-promotion');
        await readmeShot(release, 'board-release');

        // A server restart: both pages reconnect by themselves and stay correct.
        const port = server.port;
        await server.stop();
        await text(matrix, '#live-state', 'reconnecting');
        server = await startBoardServer({ source, gantry, catalog, logs, port });
        await text(matrix, '#live-state', 'live updates: on');
        await text(release, '#live-state', 'live updates: on');

        await release.locator('form[data-action=promote] button').click();
        await text(release, '.status', 'succeeded', 60_000);
        await text(matrix, 'td[data-key="orders/prod"]', /stable\s+sha256:a1a1a1a1a1a1[\s\S]*succeeded/);
        expect(await matrix.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
          true,
        );
        await text(release, '.commits', /promote|full|gray/i);
        expect(await release.locator('a', { hasText: 'in the Temporal UI' }).getAttribute('href')).toBe(
          'http://127.0.0.1:8233/namespaces/default/workflows/release%2Forders%2Fprod',
        );
        await shot(release, 'board-release-succeeded');

        // A failing release: red, labelled, with its error's first lines in the matrix and the output tail on its page.
        harness.target.unhealthy.add(BROKEN);
        await gantry.requestRelease('billing', 'dev', { image: BROKEN, requestedBy: 'alice', kind: 'release' });
        const failedCell = 'td.tone-bad[data-key="billing/dev"]';
        await text(matrix, failedCell, /✖\s*(failed|rolled back)/, 60_000);
        await text(matrix, `${failedCell} pre.err`, 'did not become healthy');
        await shot(matrix, 'board-failed-release');
        await readmeShot(matrix, 'board-matrix');
        await release.goto(`${server.url}/board/releases/billing/dev`);
        await text(release, 'pre.tail', 'panic: boom');
        expect(await release.locator('a', { hasText: 'Full log' }).getAttribute('href')).toMatch(/^\/api\/logs\//);
        await shot(release, 'board-failed-release-page');

        // Filters: server-side (GET) and instant (typing).
        await matrix.goto(`${server.url}/board?status=failed`);
        expect(await matrix.locator('tbody tr').count()).toBe(1);
        expect(await matrix.locator('tbody tr').getAttribute('data-service')).toBe('billing');
        await matrix.goto(`${server.url}/board`);
        await matrix.locator('input[name=q]').fill('orders');
        await waitFor('instant search hiding billing', async () =>
          (await matrix.locator('tr[data-service=billing]').isHidden()) ? true : undefined,
        );
        expect(await matrix.locator('tr[data-service=orders]').isVisible()).toBe(true);
      });
    } finally {
      await browser.close();
      await server.stop();
    }
  }, 240_000);
});
