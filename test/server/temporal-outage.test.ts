import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { createGantryClient, type GantryClient } from '../../src/client/gantry-client';
import { createTemporalAnswers } from '../../src/client/temporal-answers';
import { lazyTemporalClient } from '../../src/client/temporal-client';
import { createTemporalGuard } from '../../src/client/temporal-guard';
import { loadSettings } from '../../src/config/settings';
import { startDevServer, type DevServer } from '../../src/embedded/dev-server';
import { temporalBinary } from '../../src/embedded/temporal-binaries';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import { startMetricsServer } from '../../src/metrics/metrics-server';
import { createGantryMetrics } from '../../src/metrics/registry';
import { createHttpServer } from '../../src/server/http-server';
import { gitlabPush, send, sha } from '../../src/testing/webhook-senders';
import { testCatalog, testImage } from '../harness/catalog-fixture';
import { freePorts } from '../harness/free-port';
import { cleanupGitFixtures, makeTempDir } from '../harness/git-fixtures';
import { waitFor } from '../harness/wait-for';

const TOKEN = 'gl-token';

/** A Temporal dev server process on fixed ports and database, so it can be stopped and started again. */
async function temporalOnFixedPorts(): Promise<{ address: string; start: () => Promise<DevServer> }> {
  const [port, uiPort] = await freePorts(2);
  const dataDir = join(await makeTempDir('gantry-outage-'), 'temporal');
  const address = `127.0.0.1:${port}`;
  const start = () =>
    startDevServer({
      binary: temporalBinary('cli'),
      dataDir,
      address,
      uiUrl: `http://127.0.0.1:${uiPort}`,
      log: () => undefined,
    });
  return { address, start };
}

/** Gantry's API server wired as src/server/main.ts wires it: a lazy client, the guard, /readyz on an ops port. */
async function startGantryServer(address: string) {
  const settings = loadSettings({ GANTRY_TEMPORAL_ADDRESS: address });
  const answers = createTemporalAnswers();
  const client = lazyTemporalClient(settings.temporal, answers);
  const guard = createTemporalGuard(client.connection, { answers });
  const gantry = createGantryClient(client, 'outage');
  const server: Server = createHttpServer({
    gantry,
    catalog: testCatalog(),
    logs: createFileLogStore(await makeTempDir()),
    gitlabToken: TOKEN,
    githubSecret: '',
    repoBase: 'https://git.example.com/shop',
    temporal: guard,
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const ops = await startMetricsServer({
    registry: createGantryMetrics().registry,
    ready: () => guard.readiness(),
    host: '127.0.0.1',
    port: 0,
  });
  let pushes = 0;
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    client,
    gantry,
    api,
    readyz: () => fetch(`http://127.0.0.1:${ops.port}/readyz`),
    listReleases: () => fetch(`${api}/api/releases?filter=all`),
    /** A push of a new commit each time: 202 means a pipeline was started. */
    push: () => {
      pushes++;
      const seed = `${address}-${pushes}`;
      return send(api, gitlabPush({ token: TOKEN, branch: 'dev', after: sha(seed), idempotencyKey: seed }));
    },
    async close(): Promise<void> {
      server.close();
      await ops.close();
      await client.connection.close();
    },
  };
}

async function within2s<T>(what: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await what();
  expect(Date.now() - started).toBeLessThan(2000);
  return result;
}

/**
 * A real Temporal dev server process stopped under a running API server: the API and a signed GitLab webhook answer
 * 503 with Retry-After within 2 s, /readyz says not ready; once Temporal is back on the same port and database,
 * both work again without restarting Gantry.
 */
describe('the API server while Temporal is unreachable', () => {
  let temporal: DevServer;
  let gantryServer: Awaited<ReturnType<typeof startGantryServer>>;
  let startTemporal: () => Promise<DevServer>;

  beforeAll(async () => {
    const fixed = await temporalOnFixedPorts();
    startTemporal = fixed.start;
    temporal = await startTemporal();
    gantryServer = await startGantryServer(fixed.address);
  }, 120_000);

  afterAll(async () => {
    await gantryServer?.close();
    await temporal?.stop();
    await cleanupGitFixtures();
  });

  it('answers 503 with Retry-After within 2 s while Temporal is down, and recovers by itself', async () => {
    const { listReleases, push, readyz } = gantryServer;
    expect((await listReleases()).status).toBe(200);
    expect((await push()).status).toBe(202);
    expect((await readyz()).status).toBe(200);

    await temporal.stop();

    const listed = await within2s(listReleases);
    expect(listed.status).toBe(503);
    expect(listed.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await listed.json()).toEqual({ error: expect.stringContaining('Temporal is unreachable') });

    const hooked = await within2s(push);
    expect(hooked.status).toBe(503);
    expect(hooked.headers['retry-after']).toMatch(/^\d+$/);

    const notReady = await within2s(readyz);
    expect(notReady.status).toBe(503);
    expect(await notReady.text()).toMatch(/^not ready: Temporal unreachable/);

    // Same port, same database: the server reconnects by itself.
    temporal = await startTemporal();
    await waitFor(
      'the API to answer again',
      async () => ((await listReleases()).status === 200 ? true : undefined),
      60_000,
    );
    expect((await push()).status).toBe(202);
    expect((await readyz()).status).toBe(200);
  }, 120_000);

  it('answers a decision already waiting on Temporal with 503 within 2 s of Temporal going away', async () => {
    const { api, gantry } = gantryServer;
    // No worker polls the queue, so the promote (a Workflow Update) waits on Temporal, which answers everything else.
    await gantry.requestRelease('orders', 'dev', {
      image: testImage('in-flight'),
      requestedBy: 'alice',
      kind: 'release',
    });
    let answeredAt = 0;
    const promote = fetch(`${api}/api/releases/orders/dev/promote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'alice' }),
    }).then((res) => {
      answeredAt = Date.now();
      return res;
    });
    // Longer than the guard's budget: a slow call while Temporal answers is not an outage.
    await new Promise((r) => setTimeout(r, 2500));
    expect(answeredAt).toBe(0);

    const stoppedAt = Date.now();
    await temporal.stop();
    const res = await promote;
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(answeredAt - stoppedAt).toBeLessThan(2000);

    temporal = await startTemporal();
  }, 120_000);
});

/**
 * Gantry's server started before Temporal (a cluster where both roll out at once): it serves 503 + Retry-After and
 * "not ready" instead of exiting at connect, and works once the dev server comes up, without a restart.
 */
describe('the API server started while Temporal is not there yet', () => {
  let temporal: DevServer | undefined;
  let gantryServer: Awaited<ReturnType<typeof startGantryServer>>;
  let client: Client;
  let gantry: GantryClient;
  let startTemporal: () => Promise<DevServer>;

  beforeAll(async () => {
    const fixed = await temporalOnFixedPorts();
    startTemporal = fixed.start;
    gantryServer = await startGantryServer(fixed.address);
    ({ client, gantry } = gantryServer);
  });

  afterAll(async () => {
    await gantryServer?.close();
    await temporal?.stop();
    await cleanupGitFixtures();
  });

  it('answers 503 and is not ready until Temporal starts, then serves without a restart', async () => {
    const { listReleases, push, readyz } = gantryServer;
    const listed = await within2s(listReleases);
    expect(listed.status).toBe(503);
    expect(listed.headers.get('retry-after')).toMatch(/^\d+$/);
    const hooked = await within2s(push);
    expect(hooked.status).toBe(503);
    expect(hooked.headers['retry-after']).toMatch(/^\d+$/);
    const notReady = await within2s(readyz);
    expect(notReady.status).toBe(503);
    expect(await notReady.text()).toMatch(/^not ready: Temporal unreachable/);

    temporal = await startTemporal();
    await waitFor('/readyz to say ready', async () => ((await readyz()).status === 200 ? true : undefined), 30_000);
    expect((await listReleases()).status).toBe(200);
    expect((await push()).status).toBe(202);
    // The same lazy client reaches Temporal now, with no reconnect by hand.
    const { workflowId } = await gantry.requestRelease('orders', 'dev', {
      image: testImage('after-start'),
      requestedBy: 'alice',
      kind: 'release',
    });
    expect((await client.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
  }, 120_000);
});
