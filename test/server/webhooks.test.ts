import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { GantryClient } from '../../src/client/gantry-client';
import { verifyGithubSignature } from '../../src/server/github-push';
import { createPushWebhooks } from '../../src/server/push-webhooks';
import {
  githubDelivery,
  githubPing,
  githubPush,
  gitlabPush,
  send,
  sendRaw,
  sha,
  signGithub,
  type Delivery,
} from '../../src/testing/webhook-senders';
import { testCatalog } from '../harness/catalog-fixture';
import { startWebhookServer, type WebhookServer } from '../harness/webhook-server';

const TOKEN = 'gl-token';
const SECRET = 'gh-secret';

/** Both push webhooks against a real Temporal dev server with no worker: accepted starts wait for one. */
describe('the GitLab and GitHub webhooks', () => {
  let hooks: WebhookServer;
  beforeAll(async () => {
    hooks = await startWebhookServer({ name: 'webhooks', gitlabToken: TOKEN, githubSecret: SECRET });
  });
  afterAll(async () => {
    await hooks?.stop();
  });

  const pipelines = () => hooks.workflowIds();
  const resign = (d: Delivery, body: string): Delivery => ({
    ...d,
    body,
    headers: { ...d.headers, 'x-hub-signature-256': signGithub(body, SECRET) },
  });

  const glCommit = sha('gitlab-commit');
  const ghCommit = sha('github-commit');
  const glId = `pipeline/orders/dev/${glCommit}`;
  const ghId = `pipeline/orders/prod/${ghCommit}`;

  describe('GitLab', () => {
    const first = gitlabPush({ token: TOKEN, branch: 'dev', after: glCommit, idempotencyKey: 'idem-1' });

    it('starts exactly one pipeline for a push and answers with its workflow id and the delivery id', async () => {
      const reply = await send(hooks.base, first);
      expect(reply.status).toBe(202);
      expect(reply.json).toEqual({ started: [{ workflowId: glId, joined: false }], delivery: 'idem-1' });
      expect(await pipelines()).toEqual([glId]);
    });

    it('answers a redelivery from memory and a second delivery for the same commit by joining: nothing new starts', async () => {
      const again = await send(hooks.base, first);
      expect(again.status).toBe(202);
      expect(again.json).toMatchObject({ started: [{ workflowId: glId }], duplicate: true });
      const second = gitlabPush({ token: TOKEN, branch: 'dev', after: glCommit, idempotencyKey: null });
      const other = await send(hooks.base, second);
      expect(other.status).toBe(200);
      expect(other.json).toEqual({
        started: [{ workflowId: glId, joined: true, status: 'running' }],
        delivery: second.headers['x-gitlab-event-uuid'],
      });
      expect(await pipelines()).toEqual([glId]);
    });

    it('falls back to X-Gitlab-Event-UUID as the delivery id before GitLab 17.4', async () => {
      const d = gitlabPush({ token: TOKEN, branch: 'feature/x', eventUuid: 'evt-7', idempotencyKey: null });
      expect((await send(hooks.base, d)).json).toMatchObject({ delivery: 'evt-7' });
    });

    it.each([
      ['a tag push', gitlabPush({ token: TOKEN, tag: 'v1.2.0' }), 'tag pushes do not start CI'],
      ['a deleted branch', gitlabPush({ token: TOKEN, branch: 'dev', deleted: true }), 'branch deleted'],
      [
        'an event it does not handle',
        { ...first, headers: { ...first.headers, 'x-gitlab-event': 'Merge Request Hook' } },
        'event "Merge Request Hook" is not handled',
      ],
    ])('answers 2xx but ignores %s', async (_name, delivery, reason) => {
      const reply = await send(hooks.base, delivery);
      expect(reply.status).toBe(202);
      expect(reply.json).toMatchObject({ ignored: reason });
    });

    it.each([
      ['a wrong token', { 'x-gitlab-token': 'gl-tokem' }, first.body, 401, 'invalid X-Gitlab-Token'],
      ['no token', { 'x-gitlab-token': '' }, first.body, 401, 'invalid X-Gitlab-Token'],
      ['malformed JSON', { 'idempotency-key': 'bad-1' }, first.body.slice(0, -3), 400, 'malformed JSON'],
      ['a form body', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=b', 415, 'content-type must'],
      ['an oversized body', {}, JSON.stringify({ pad: 'x'.repeat(1_100_000) }), 413, 'body larger than'],
    ])('rejects %s with the right status and a one-line reason', async (_name, headers, body, status, reason) => {
      // A fresh delivery id each: a known id with the same bytes is answered from memory.
      const fresh = { 'idempotency-key': randomUUID() };
      const reply = await send(hooks.base, { ...first, headers: { ...first.headers, ...fresh, ...headers }, body });
      expect(reply.status).toBe(status);
      expect((reply.json as { error: string }).error).toContain(reason);
    });
  });

  describe('GitHub', () => {
    const first = githubPush({ secret: SECRET, branch: 'release', after: ghCommit, deliveryId: 'gh-1' });

    it('starts exactly one pipeline for a signed push', async () => {
      const reply = await send(hooks.base, first);
      expect(reply.status).toBe(202);
      expect(reply.json).toEqual({ started: [{ workflowId: ghId, joined: false }], delivery: 'gh-1' });
      expect(await pipelines()).toEqual([glId, ghId].sort());
    });

    it('starts nothing for a redelivery or a second delivery for the same commit', async () => {
      expect((await send(hooks.base, first)).json).toMatchObject({ started: [{ workflowId: ghId }], duplicate: true });
      const other = await send(hooks.base, githubPush({ secret: SECRET, branch: 'release', after: ghCommit }));
      expect(other).toMatchObject({ status: 200, json: { started: [{ workflowId: ghId, joined: true }] } });
      expect(await pipelines()).toEqual([glId, ghId].sort());
    });

    it('answers ping with 200 and ignores deleted branches, tags and other events with 2xx', async () => {
      expect(await send(hooks.base, githubPing(SECRET))).toMatchObject({ status: 200, json: { ignored: 'ping' } });
      const deleted = await send(hooks.base, githubPush({ secret: SECRET, branch: 'release', deleted: true }));
      expect(deleted).toMatchObject({ status: 202, json: { ignored: 'branch deleted' } });
      const tag = await send(hooks.base, githubPush({ secret: SECRET, tag: 'v2' }));
      expect(tag).toMatchObject({ status: 202, json: { ignored: 'tag pushes do not start CI' } });
      const issues = await send(hooks.base, githubDelivery('issues', { action: 'opened' }, SECRET));
      expect(issues).toMatchObject({ status: 202, json: { ignored: 'event "issues" is not handled' } });
    });

    it.each([
      [
        'a forged signature',
        { ...first, headers: { ...first.headers, 'x-hub-signature-256': signGithub(first.body, 'guess') } },
        401,
        'invalid X-Hub-Signature-256',
      ],
      [
        'no signature',
        { ...first, headers: { ...first.headers, 'x-hub-signature-256': '' } },
        401,
        'missing or malformed',
      ],
      [
        'a body changed after signing',
        { ...first, body: first.body.replace('release', 'dev') },
        401,
        'invalid X-Hub-Signature-256',
      ],
      ['malformed JSON', resign(first, first.body.slice(1)), 400, 'malformed JSON'],
      ['a signed body that is not a push', resign(first, '{"ref":1}'), 400, 'not a GitHub push event'],
      [
        'a form-encoded payload',
        { ...first, headers: { ...first.headers, 'content-type': 'application/x-www-form-urlencoded' } },
        415,
        'content-type must',
      ],
      ['an oversized body', resign(first, JSON.stringify({ pad: 'x'.repeat(1_100_000) })), 413, 'body larger than'],
      [
        'no event header',
        { ...first, headers: { ...first.headers, 'x-github-event': '' } },
        400,
        'missing X-GitHub-Event',
      ],
    ])('rejects %s with the right status and a one-line reason', async (_name, delivery, status, reason) => {
      const fresh = { ...delivery, headers: { ...delivery.headers, 'x-github-delivery': randomUUID() } };
      const reply = await send(hooks.base, fresh as Delivery);
      expect(reply.status).toBe(status);
      expect((reply.json as { error: string }).error).toContain(reason);
    });

    it('refuses every delivery when no secret is configured', () => {
      expect(() => verifyGithubSignature(Buffer.from(first.body), signGithub(first.body, ''), '')).toThrow(
        'GitHub webhooks are not enabled',
      );
    });
  });

  describe('the server under hostile clients', () => {
    it('answers concurrent copies of one new delivery with one start', async () => {
      const d = gitlabPush({ token: TOKEN, branch: 'dev', after: sha('concurrent'), idempotencyKey: 'idem-c' });
      const replies = await Promise.all([send(hooks.base, d), send(hooks.base, d), send(hooks.base, d)]);
      expect(replies.map((r) => r.status)).toEqual([202, 202, 202]);
      expect(await pipelines()).toContain(`pipeline/orders/dev/${sha('concurrent')}`);
    });

    it('answers 413 to an oversized chunked body instead of resetting the connection', async () => {
      const chunk = Buffer.from('x'.repeat(64 * 1024));
      const chunks = Array.from({ length: 20 }, () =>
        Buffer.concat([Buffer.from('10000\r\n'), chunk, Buffer.from('\r\n')]),
      );
      const reply = await sendRaw(hooks.port, {
        path: '/hooks/gitlab',
        headers: [
          ['content-type', 'application/json'],
          ['x-gitlab-token', TOKEN],
          ['transfer-encoding', 'chunked'],
        ],
        body: Buffer.concat([...chunks, Buffer.from('0\r\n\r\n')]),
      });
      expect(reply).toMatchObject({ status: 413, json: { error: expect.stringContaining('body larger than') } });
    });

    it('survives a body cut short and unparseable framing, answering JSON where it can', async () => {
      const cut = await sendRaw(hooks.port, {
        path: '/hooks/github',
        headers: [
          ['content-type', 'application/json'],
          ['content-length', '5000'],
        ],
        body: Buffer.from('{"ref":'),
      });
      expect(cut === 'closed' || (typeof cut === 'object' && cut.status === 400)).toBe(true);
      const both = await sendRaw(hooks.port, {
        path: '/hooks/gitlab',
        headers: [
          ['content-length', '3'],
          ['transfer-encoding', 'chunked'],
        ],
        body: Buffer.from('abc'),
      });
      expect(both).toMatchObject({ status: 400, json: { error: expect.stringContaining('bad request') } });
      expect((await fetch(`${hooks.base}/healthz`)).status).toBe(200);
      expect(hooks.logged.filter((l) => l.includes('failed'))).toEqual([]);
    });

    it('started only the pipelines of the accepted pushes', async () => {
      expect(await pipelines()).toEqual([glId, ghId, `pipeline/orders/dev/${sha('concurrent')}`].sort());
    });
  });
});

/** Without Temporal behind it the hook answers 503 within the senders' 10 s, so they retry later. */
describe('the webhooks when Temporal is slow or down', () => {
  const routesWith = (startPipeline: GantryClient['startPipeline'], log: string[] = []) =>
    createPushWebhooks({
      gantry: { startPipeline } as GantryClient,
      catalog: testCatalog(),
      repoBase: 'https://git.example.com/shop',
      gitlabToken: TOKEN,
      githubSecret: SECRET,
      log: (line) => log.push(line),
      startDeadlineMs: 50,
    });
  const asRequest = (d: Delivery) => ({ headers: d.headers }) as unknown as IncomingMessage;

  it('answers 503 when the start hangs past the deadline, and handles its late failure', async () => {
    const d = gitlabPush({ token: TOKEN, branch: 'dev' });
    const late = () => new Promise<never>((_, reject) => setTimeout(() => reject(new Error('late')), 100));
    const reply = await routesWith(late).gitlab(asRequest(d), Buffer.from(d.body));
    expect(reply).toEqual({ status: 503, body: { error: expect.stringContaining('did not answer within 50 ms') } });
    await new Promise((r) => setTimeout(r, 150)); // the late rejection must not surface as unhandled
  });

  it('answers 503 when Temporal refuses, logs it, and lets the retry really retry', async () => {
    const log: string[] = [];
    let calls = 0;
    const routes = routesWith(async (input) => {
      if (++calls === 1) throw new Error('connection refused');
      return { workflowId: `pipeline/${input.service}/${input.environment}/${input.commit}`, joined: false };
    }, log);
    const d = githubPush({ secret: SECRET, branch: 'dev' });
    const first = await routes.github(asRequest(d), Buffer.from(d.body));
    expect(first).toEqual({ status: 503, body: { error: expect.stringContaining('connection refused') } });
    expect(log).toEqual([expect.stringContaining('could not start the pipeline: connection refused')]);
    const retry = await routes.github(asRequest(d), Buffer.from(d.body));
    expect(retry).toMatchObject({ status: 202, body: { started: [{ joined: false }] } });
  });
});
