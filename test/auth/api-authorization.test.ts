import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createAuthenticator } from '../../src/auth/authenticator';
import { formatAuditEntry } from '../../src/cli/format-audit';
import { issueToken } from '../../src/auth/token-issuer';
import { createGantryClient, type GantryClient } from '../../src/client/gantry-client';
import type { Catalog } from '../../src/config/catalog-schema';
import type { Settings } from '../../src/config/settings';
import type { AuditEntry } from '../../src/domain/actor';
import { releaseWorkflowId } from '../../src/domain/naming';
import type { ReleaseStatus } from '../../src/domain/progress';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import { createFeishuCallbackHandler } from '../../src/server/feishu-callback';
import { createHttpServer } from '../../src/server/http-server';
import { apiRoutes } from '../../src/server/routes/api-routes';
import { cardCallbackRequest, newCallbackBody } from '../../src/testing/feishu-server';
import { testCatalog } from '../harness/catalog-fixture';
import { cleanupGitFixtures, makeTempDir } from '../harness/git-fixtures';
import { startOidcProvider, type OidcClient, type OidcProvider } from '../harness/oidc-provider';
import { createReleaseHarness } from '../harness/release-harness';
import { createTestWorker, startDevServer, uniqueTaskQueue } from '../harness/temporal-env';
import { waitFor } from '../harness/wait-for';
import { oidcSettings } from './auth-fixtures';

const FEISHU = { verificationToken: 'verification-token', encryptKey: 'encrypt-key' };
const today = new Date().toISOString().slice(0, 10);
const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
const image = (n: string) => `registry.gantry.local/orders@sha256:${n.repeat(64)}`;

/**
 * prod is frozen for a month, so every release waits for an emergency approval; dave may release there but
 * approves nothing; erin may do nothing at all. Everyone logs in by email and clicks Feishu cards by open_id.
 */
function shopCatalog(): Catalog {
  const catalog = testCatalog({
    environments: {
      prod: {
        branch: 'release',
        freezes: [{ from: today, to: inAMonth, reason: 'year-end freeze' }],
        releasers: ['owner', 'lead', 'release-manager', 'dave'],
      },
    },
    withoutGray: true,
  });
  catalog.people.erin = { name: 'Erin', roles: [] };
  for (const [id, person] of Object.entries(catalog.people)) {
    person.email = `${id}@example.com`;
    person.feishuOpenId = `ou_${id}`;
  }
  return catalog;
}

describe('the API in the shared (oidc) mode, against real Hydra and a real Temporal server', () => {
  const catalog = shopCatalog();
  let provider: OidcProvider;
  let client: OidcClient;
  let settings: Settings;
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let gantry: GantryClient;
  let server: Server;
  let base: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    provider = await startOidcProvider();
    client = await provider.createClient({ audience: ['gantry-api'] });
    settings = await oidcSettings(provider.issuer);
    env = await startDevServer();
    const taskQueue = uniqueTaskQueue('api-authorization');
    const harness = await createReleaseHarness(catalog);
    worker = await createTestWorker(env, { taskQueue, activities: harness.activities });
    running = worker.run();
    gantry = createGantryClient(env.client, taskQueue);
    const feishuCallback = createFeishuCallbackHandler({
      ...FEISHU,
      decide: (...args) => gantry.decide(...args),
      progress: (...args) => gantry.releaseProgress(...args),
      people: catalog.people,
      renderCard: () => ({}),
      // A loaded test machine must not turn the answer into "submitted" before the update finishes.
      deadlineMs: 30_000,
    });
    server = createHttpServer({
      gantry,
      catalog,
      logs: createFileLogStore(await makeTempDir()),
      gitlabToken: 'gl',
      githubSecret: '',
      repoBase: 'https://git.example.com/shop',
      feishuCallback,
      auth: { authenticator: createAuthenticator({ settings, catalog }), settings },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const person of ['alice', 'bob', 'carol', 'dave', 'erin']) {
      const minted = await provider.tokensFor({ subject: `sub-${person}`, email: `${person}@example.com` }, { client });
      tokens[person] = minted.accessToken;
    }
  }, 180_000);

  afterAll(async () => {
    server?.close();
    worker?.shutdown();
    await running?.catch(() => undefined);
    await env?.teardown();
    await provider?.stop();
    await cleanupGitFixtures();
  });

  const call = async (method: 'GET' | 'POST', path: string, opts: { token?: string; body?: unknown } = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
  };
  const as = (person: string) => tokens[person]!;
  const release = (service: string, environment: string, token: string | undefined, extra: object = {}) =>
    call('POST', '/api/releases', {
      token,
      body: { service, environment, image: image('a'), requestId: `req-${Math.random()}`, ...extra },
    });
  const decide = (kind: string, token: string, reason?: string) =>
    call('POST', `/api/releases/orders/prod/${kind}`, { token, body: { reason, requestId: `d-${Math.random()}` } });
  const exists = async (service: string, environment: string) =>
    env.client.workflow
      .getHandle(releaseWorkflowId(service, environment))
      .describe()
      .then(
        () => true,
        (err: unknown) => {
          if (err instanceof WorkflowNotFoundError) return false;
          throw err;
        },
      );
  const statusIs = (status: ReleaseStatus) =>
    waitFor(`orders/prod reaching ${status}`, async () => {
      const p = await gantry.releaseProgress('orders', 'prod').catch(() => undefined);
      return p?.status === status ? p : undefined;
    });
  const acceptedUpdates = async () => {
    const history = await env.client.workflow.getHandle(releaseWorkflowId('orders', 'prod')).fetchHistory();
    return history.events?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length ?? 0;
  };
  const feishuClick = async (openId: string, action: string, releaseId: string, reason: string) => {
    const { rawBody, headers } = cardCallbackRequest({
      scheme: 'new',
      body: newCallbackBody({
        eventId: `ev-${Math.random()}`,
        token: FEISHU.verificationToken,
        openId,
        value: { action, service: 'orders', environment: 'prod', releaseId },
        formValue: { reason },
        createTimeMs: Date.now(),
      }),
      ...FEISHU,
      timestamp: Math.floor(Date.now() / 1000),
    });
    const res = await fetch(`${base}/hooks/feishu/card`, { method: 'POST', headers, body: rawBody });
    return (await res.json()) as { toast?: { type: string; content: string } };
  };

  it('answers 401 to every /api route without a token (but the public auth config), and starts nothing', async () => {
    for (const route of apiRoutes) {
      const path = route.path
        .replace(':service', 'orders')
        .replace(':environment', 'prod')
        .replace(/:\w+\*?/g, 'x');
      const res = await call(route.method as 'GET' | 'POST', path, { body: route.method === 'POST' ? {} : undefined });
      if (route.public) expect(res.status).toBe(200);
      else {
        expect([route.path, res.status]).toEqual([route.path, 401]);
        expect(res.body.error).toBe('no bearer token: run "gantry login" or set GANTRY_TOKEN');
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      }
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const named = await release('orders', 'prod', undefined, { requestedBy: 'alice' });
    expect(named.status).toBe(401);
    expect(await exists('orders', 'prod')).toBe(false);
    const forged = await release('orders', 'prod', `${as('alice').slice(0, -4)}AAAA`);
    expect(forged).toMatchObject({ status: 401, body: { error: expect.stringMatching(/signature is invalid/) } });
    expect(await exists('orders', 'prod')).toBe(false);
  });

  it('refuses a person who may not release with 403 and the rule, before any workflow exists', async () => {
    // erin names alice (an owner) in the body: the token decides, the body changes nothing.
    const res = await release('orders', 'prod', as('erin'), { requestedBy: 'alice' });
    expect(res).toMatchObject({
      status: 403,
      body: { rule: 'releasers', error: 'erin may not release orders to prod; allowed: alice, bob, carol, dave' },
    });
    expect(await exists('orders', 'prod')).toBe(false);
    const rollback = await release('orders', 'prod', as('dave'), { rollback: true });
    expect(rollback).toMatchObject({ status: 403, body: { rule: 'approvers' } });
    expect(await exists('orders', 'prod')).toBe(false);
  });

  it('shows the token person in whoami and the CLI login settings in the public auth config', async () => {
    expect((await call('GET', '/api/whoami', { token: as('carol') })).body).toMatchObject({
      subject: 'oidc:sub-carol',
      person: 'carol',
      via: 'oidc',
    });
    expect((await call('GET', '/api/auth/config')).body).toMatchObject({ mode: 'oidc', audience: 'gantry-api' });
  });

  it('acts as the token person, holds the two-person rule across API tokens and Feishu, and audits who/how/when', async () => {
    // dave may release; the body naming bob changes nothing: the release is dave's.
    const started = await release('orders', 'prod', as('dave'), { requestedBy: 'bob', reason: 'hotfix' });
    expect(started.status).toBe(202);
    const waiting = await statusIs('waiting-for-window');
    expect(waiting.requestedBy).toBe('dave');

    // A person who may release but not approve: 403 with the rule, nothing in history.
    expect(await decide('approve', as('dave'), 'INC-1')).toMatchObject({
      status: 403,
      body: {
        rule: 'two-person',
        error: 'dave requested this release and cannot approve it too: a second person must',
      },
    });
    expect(await decide('approve', as('alice'), 'INC-1')).toMatchObject({
      status: 403,
      body: { rule: 'emergency-approvers', error: expect.stringContaining('alice may not approve emergencies') },
    });
    // Not permission but state: 409.
    expect((await decide('promote', as('bob'))).status).toBe(409);

    // carol (an emergency approver) takes over with a newer image, using a personal token (api-token)…
    const { token: carolPat } = await issueToken(settings.auth.tokenStorePath, { person: 'carol' });
    const replaced = await call('POST', '/api/releases', {
      token: carolPat,
      body: { service: 'orders', environment: 'prod', image: image('b'), reason: 'INC-2 fix' },
    });
    expect(replaced.status).toBe(202);
    const current = await waitFor('carol’s request replacing dave’s', async () => {
      const p = await gantry.releaseProgress('orders', 'prod');
      return p.requestedBy === 'carol' ? p : undefined;
    });
    // …and can approve it neither with her OIDC login through the API nor with her Feishu account.
    expect(await decide('approve', as('carol'), 'INC-2')).toMatchObject({ status: 403, body: { rule: 'two-person' } });
    const click = await feishuClick('ou_carol', 'approve', current.releaseId, 'INC-2');
    expect(click.toast).toEqual({
      type: 'error',
      content: 'carol requested this release and cannot approve it too: a second person must',
    });
    expect(await acceptedUpdates()).toBe(0);

    // bob, a lead, approves through Feishu: accepted, and the release goes ahead.
    const approved = await feishuClick('ou_bob', 'approve', current.releaseId, 'INC-2 outage');
    expect(approved.toast?.type).toBe('success');
    expect(await acceptedUpdates()).toBe(1);

    const audit = await call('GET', '/api/releases/orders/prod/audit', { token: as('erin') });
    expect(audit.status).toBe(200);
    const entries = audit.body as unknown as AuditEntry[];
    expect(entries.map((e) => [e.action, e.by, e.actor?.via, e.actor?.person])).toEqual([
      ['request', 'dave', 'oidc', 'dave'],
      ['request', 'carol', 'api-token', 'carol'],
      ['approve', 'bob', 'feishu', 'bob'],
    ]);
    expect(entries[0]?.actor?.subject).toBe('oidc:sub-dave');
    expect(entries[1]?.actor?.subject).toMatch(/^token:carol-/);
    expect(entries[2]).toMatchObject({ actor: { subject: 'feishu:ou_bob' }, reason: 'INC-2 outage' });
    for (const e of entries) expect(Date.now() - Date.parse(e.at)).toBeLessThan(5 * 60_000);
    // What `gantry audit orders prod` prints for the approval.
    expect(formatAuditEntry(entries[2]!)).toMatch(
      /Z {2}approve {3}bob {2}via feishu \(feishu:ou_bob\) {2}"INC-2 outage"$/,
    );
    expect((await call('GET', '/api/releases/orders/prod/audit')).status).toBe(401);
  });
});

describe('the embedded all-in-one on loopback (no credentials configured)', () => {
  let env: TestWorkflowEnvironment;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    env = await startDevServer();
    server = createHttpServer({
      gantry: createGantryClient(env.client, uniqueTaskQueue('loopback')),
      catalog: shopCatalog(),
      logs: createFileLogStore(await makeTempDir()),
      gitlabToken: 'gl',
      githubSecret: '',
      repoBase: 'https://git.example.com/shop',
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    server?.close();
    await env?.teardown();
  });

  it('trusts the person --as names, reads without one, and still refuses a non-releaser with 403', async () => {
    const post = (body: object, headers: Record<string, string> = {}) =>
      fetch(`${base}/api/releases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ service: 'orders', environment: 'prod', image: image('c'), ...body }),
      });
    expect((await post({ requestedBy: 'erin' })).status).toBe(403);
    expect((await post({}, { 'x-gantry-user': 'erin' })).status).toBe(403);
    expect((await post({})).status).toBe(401);
    expect((await post({ requestedBy: 'carol' })).status).toBe(202);
    const progress = await waitFor('the release query', () =>
      env.client.workflow
        .getHandle(releaseWorkflowId('orders', 'prod'))
        .describe()
        .then((d) => d.status.name)
        .catch(() => undefined),
    );
    expect(progress).toBe('RUNNING');
    expect((await fetch(`${base}/api/releases?filter=all`)).status).toBe(200);
    const audit = (await (await fetch(`${base}/api/releases/orders/prod/audit`)).json()) as AuditEntry[];
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'request',
        by: 'carol',
        actor: expect.objectContaining({ via: 'loopback', subject: 'loopback:carol' }),
      }),
    ]);
  });
});
