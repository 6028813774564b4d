import { startWebhookServer, type WebhookServer } from '../harness/webhook-server';

const SHA = 'a'.repeat(40);
const push = (over: Record<string, unknown> = {}) => ({
  object_kind: 'push',
  ref: 'refs/heads/dev',
  before: '0'.repeat(40),
  after: SHA,
  checkout_sha: SHA,
  user_username: 'alice',
  project: { path_with_namespace: 'shop/orders', git_http_url: 'https://git.example.com/shop/orders.git' },
  ...over,
});

/** The push endpoint against a real Temporal server with no worker: starts are accepted and wait for one. */
describe('the GitLab push endpoint', () => {
  let hooks: WebhookServer;
  beforeAll(async () => {
    hooks = await startWebhookServer({ name: 'push-endpoint', gitlabToken: 'hook-secret', githubSecret: '' });
  });
  afterAll(async () => {
    await hooks?.stop();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${hooks.base}/hooks/gitlab`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-gitlab-token': 'hook-secret',
        'x-gitlab-event': 'Push Hook',
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const pipelinesStarted = async () => (await hooks.workflowIds()).length;

  it('starts one pipeline for a push to a mapped branch, even with no worker running, and joins a redelivery', async () => {
    const first = await post(push());
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ started: [{ workflowId: `pipeline/orders/dev/${SHA}`, joined: false }] });
    const again = await post(push());
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({
      started: [{ workflowId: `pipeline/orders/dev/${SHA}`, joined: true, status: 'running' }],
    });
    expect(await pipelinesStarted()).toBe(1);
  });

  it.each([
    ['a wrong token', push(), { 'x-gitlab-token': 'guess' }, 401, 'invalid X-Gitlab-Token'],
    ['malformed JSON', '{"object_kind":', {}, 400, 'malformed JSON'],
    ['a wrong content type', push(), { 'content-type': 'text/plain' }, 415, 'content-type must be application/json'],
    ['a body that is not a push', { hello: 'world' }, {}, 400, 'not a GitLab push event'],
    ['an oversized body', { ...push(), padding: 'x'.repeat(2 * 1024 * 1024) }, {}, 413, 'body larger than'],
  ])('rejects %s with %i and a reason', async (_name, body, headers, status, reason) => {
    const res = await post(body, headers);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toContain(reason);
  });

  it.each([
    ['a deleted branch', push({ after: '0'.repeat(40), checkout_sha: null }), 'branch deleted'],
    ['a tag push', push({ object_kind: 'tag_push', ref: 'refs/tags/v1' }), 'tag pushes do not start CI'],
    [
      'an unknown project',
      push({ project: { path_with_namespace: 'x/y', git_http_url: 'https://git.example.com/x/y.git' } }),
      'no service in the catalog uses repository x/y',
    ],
    ['an unmapped branch', push({ ref: 'refs/heads/feature/x' }), 'branch feature/x is not mapped to any environment'],
  ])('answers 2xx but ignores %s', async (_name, body, reason) => {
    const res = await post(body);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ ignored: reason });
  });

  it('started nothing for any rejected or ignored delivery', async () => {
    expect(await pipelinesStarted()).toBe(1);
  });
});
