import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { createGantryClient } from '../../src/client/gantry-client';
import { connectTemporal } from '../../src/client/temporal-client';
import { createTemporalGuard } from '../../src/client/temporal-guard';
import { loadSettings } from '../../src/config/settings';
import { startDevServer, type DevServer } from '../../src/embedded/dev-server';
import { temporalBinary } from '../../src/embedded/temporal-binaries';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import { startMetricsServer } from '../../src/metrics/metrics-server';
import { createGantryMetrics } from '../../src/metrics/registry';
import { createHttpServer } from '../../src/server/http-server';
import { gitlabPush, send, sha } from '../../src/testing/webhook-senders';
import { testCatalog } from '../harness/catalog-fixture';
import { freePorts } from '../harness/free-port';
import { cleanupGitFixtures, makeTempDir } from '../harness/git-fixtures';
import { waitFor } from '../harness/wait-for';

const TOKEN = 'gl-token';

/**
 * A real Temporal dev server process stopped under a running API server: the API and a signed GitLab webhook answer
 * 503 with Retry-After within 2 s, /readyz says not ready; once Temporal is back on the same port and database,
 * both work again without restarting Gantry.
 */
describe('the API server while Temporal is unreachable', () => {
  let temporal: DevServer;
  let client: Client;
  let server: Server;
  let api: string;
  let readyz: string;
  let closeOps: () => Promise<void>;
  let startTemporal: () => Promise<DevServer>;

  beforeAll(async () => {
    const [port, uiPort] = await freePorts(2);
    const dataDir = join(await makeTempDir('gantry-outage-'), 'temporal');
    startTemporal = () =>
      startDevServer({
        binary: temporalBinary('cli'),
        dataDir,
        address: `127.0.0.1:${port}`,
        uiUrl: `http://127.0.0.1:${uiPort}`,
        log: () => undefined,
      });
    temporal = await startTemporal();
    const settings = loadSettings({ GANTRY_TEMPORAL_ADDRESS: temporal.address });
    client = await connectTemporal(settings.temporal);
    const guard = createTemporalGuard(client);
    server = createHttpServer({
      gantry: createGantryClient(client, 'outage'),
      catalog: testCatalog(),
      logs: createFileLogStore(await makeTempDir()),
      gitlabToken: TOKEN,
      githubSecret: '',
      repoBase: 'https://git.example.com/shop',
      temporal: guard,
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const ops = await startMetricsServer({
      registry: createGantryMetrics().registry,
      ready: () => guard.readiness(),
      host: '127.0.0.1',
      port: 0,
    });
    readyz = `http://127.0.0.1:${ops.port}/readyz`;
    closeOps = ops.close;
  }, 120_000);

  afterAll(async () => {
    server?.close();
    await closeOps?.();
    await client?.connection.close();
    await temporal?.stop();
    await cleanupGitFixtures();
  });

  const listReleases = () => fetch(`${api}/api/releases?filter=all`);
  let pushes = 0;
  /** A push of a new commit each time: 202 means a pipeline was started. */
  const push = () => {
    pushes++;
    return send(
      api,
      gitlabPush({ token: TOKEN, branch: 'dev', after: sha(`c${pushes}`), idempotencyKey: `p${pushes}` }),
    );
  };

  async function within2s<T>(what: () => Promise<T>): Promise<T> {
    const started = Date.now();
    const result = await what();
    expect(Date.now() - started).toBeLessThan(2000);
    return result;
  }

  it('answers 503 with Retry-After within 2 s while Temporal is down, and recovers by itself', async () => {
    expect((await listReleases()).status).toBe(200);
    expect((await push()).status).toBe(202);
    expect((await fetch(readyz)).status).toBe(200);

    await temporal.stop();

    const listed = await within2s(listReleases);
    expect(listed.status).toBe(503);
    expect(listed.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await listed.json()).toEqual({ error: expect.stringContaining('Temporal is unreachable') });

    const hooked = await within2s(push);
    expect(hooked.status).toBe(503);
    expect(hooked.headers['retry-after']).toMatch(/^\d+$/);

    const notReady = await within2s(() => fetch(readyz));
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
    expect((await fetch(readyz)).status).toBe(200);
  }, 120_000);
});
