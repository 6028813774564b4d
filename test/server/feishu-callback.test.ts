import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DecisionRejected } from '../../src/client/gantry-client';
import type { ReleaseProgress } from '../../src/domain/progress';
import { createFeishuCallbackHandler } from '../../src/server/feishu-callback';
import { renderReleaseCard } from '../../src/integrations/feishu/release-card';
import type { Decision, UpdateOutcome } from '../../src/workflows/release-messages';
import {
  cardCallbackRequest,
  encrypt,
  legacyCallbackBody,
  newCallbackBody,
  startFeishuDouble,
  type CallbackRequestOptions,
} from '../../src/testing/feishu-server';

const TOKEN = 'verification-token';
const KEY = 'encrypt-key';
const NOW = Date.UTC(2025, 5, 3, 8, 0, 0);
const SECONDS = NOW / 1000;

const progress = (over: Partial<ReleaseProgress> = {}): ReleaseProgress => ({
  workflowId: 'release/orders/prod',
  releaseId: 'r-42',
  service: 'orders',
  environment: 'prod',
  image: 'registry.gantry.local/orders:abc123',
  previousImage: null,
  requestedBy: 'alice',
  status: 'waiting-for-promotion',
  stages: [{ name: 'gray', state: 'succeeded', percent: 100 }],
  percent: 50,
  currentStep: 'waiting for an owner to promote',
  approvals: [],
  superseded: [],
  ...over,
});

const promote = { action: 'promote', service: 'orders', environment: 'prod', releaseId: 'r-42' };

/** The Gantry client's two calls, recorded; the release moves to deploying-full once promoted. */
function fakeGantry(reject?: string) {
  const decisions: { service: string; env: string; kind: string; decision: Decision; updateId?: string }[] = [];
  let current = progress();
  return {
    decisions,
    async decide(service: string, env: string, kind: string, decision: Decision, updateId?: string) {
      decisions.push({ service, env, kind, decision, updateId });
      if (reject) throw new DecisionRejected(reject);
      current = progress({ status: 'deploying-full', percent: 60 });
      return { accepted: true, status: current.status, message: 'promoted to full' } satisfies UpdateOutcome;
    },
    async progress() {
      return current;
    },
  };
}

function setup(reject?: string, extra: { legacy?: boolean } = {}) {
  const gantry = fakeGantry(reject);
  const links = { uiUrl: 'http://t', apiUrl: 'http://g', namespace: 'default' };
  const handler = createFeishuCallbackHandler({
    verificationToken: TOKEN,
    encryptKey: KEY,
    decide: gantry.decide,
    progress: gantry.progress,
    people: { bob: { feishuOpenId: 'ou_bob' }, alice: {} },
    renderCard: (p) => renderReleaseCard(p, links),
    now: () => NOW,
    ...extra,
  });
  return { gantry, handler };
}

const click = (over: Partial<CallbackRequestOptions> & { eventId?: string; openId?: string; value?: unknown } = {}) => {
  const { eventId = 'ev-1', openId = 'ou_bob', value = promote, ...rest } = over;
  return cardCallbackRequest({
    scheme: 'new',
    body: newCallbackBody({
      eventId,
      token: TOKEN,
      openId,
      value,
      formValue: { reason: 'gray looks good' },
      createTimeMs: NOW,
    }),
    verificationToken: TOKEN,
    encryptKey: KEY,
    timestamp: SECONDS,
    ...rest,
  });
};

describe('the Feishu card callback handler', () => {
  it('executes the update with the event id as update id and answers with a toast and the updated card', async () => {
    const { gantry, handler } = setup();
    const { rawBody, headers } = click();
    const res = await handler(rawBody, headers);
    expect(res.status).toBe(200);
    expect(gantry.decisions).toEqual([
      {
        service: 'orders',
        env: 'prod',
        kind: 'promote',
        decision: {
          by: 'bob',
          reason: 'gray looks good',
          actor: { subject: 'feishu:ou_bob', person: 'bob', via: 'feishu' },
        },
        updateId: 'ev-1',
      },
    ]);
    const body = res.body as { toast: unknown; card: { type: string; data: { header: unknown } } };
    expect(body.toast).toEqual({ type: 'success', content: 'promoted to full' });
    expect(body.card.type).toBe('raw');
    expect(JSON.stringify(body.card.data)).toContain('Deploying full');
  });

  it('rejects a new-scheme callback signed with the wrong key, or carrying the wrong token', async () => {
    const { gantry, handler } = setup();
    const forged = click({ signWith: 'not-the-key' });
    expect(await handler(forged.rawBody, forged.headers)).toMatchObject({
      status: 401,
      body: { error: 'bad signature' },
    });

    const tampered = click();
    const altered = Buffer.from(tampered.rawBody.toString().replace('ev-1', 'ev-9'));
    expect((await handler(altered, tampered.headers)).status).toBe(401);

    const wrongToken = cardCallbackRequest({
      scheme: 'new',
      body: newCallbackBody({ eventId: 'ev-2', token: 'other', openId: 'ou_bob', value: promote, createTimeMs: NOW }),
      verificationToken: TOKEN,
      encryptKey: KEY,
      timestamp: SECONDS,
    });
    expect(await handler(wrongToken.rawBody, wrongToken.headers)).toMatchObject({ status: 401 });

    const unsigned = click();
    delete (unsigned.headers as Record<string, string | undefined>)['x-lark-signature'];
    expect((await handler(unsigned.rawBody, unsigned.headers)).status).toBe(401);
    expect(gantry.decisions).toHaveLength(0);
  });

  it('accepts legacy callbacks signed with SHA-1 over the verification token, and refuses a bad one', async () => {
    const { gantry, handler } = setup();
    const legacy = (signWith?: string, nonce?: string) =>
      cardCallbackRequest({
        scheme: 'legacy',
        // As documented: the body's token is the card's update token, never the verification token.
        body: legacyCallbackBody({ openId: 'ou_bob', value: promote, updateToken: 'c-update-token' }),
        verificationToken: TOKEN,
        timestamp: SECONDS,
        signWith,
        nonce,
      });
    const bad = legacy('wrong-token');
    expect((await handler(bad.rawBody, bad.headers)).status).toBe(401);

    const good = legacy(undefined, 'nonce-1');
    const res = await handler(good.rawBody, good.headers);
    expect(res.status).toBe(200);
    // The legacy answer is the new card itself.
    expect(res.body).toMatchObject({ schema: '2.0' });
    expect(gantry.decisions[0]?.updateId).toBe('feishu-legacy-nonce-1');

    const again = legacy(undefined, 'nonce-1');
    expect(await handler(again.rawBody, again.headers)).toMatchObject({ body: { toast: { type: 'info' } } });
    expect(gantry.decisions).toHaveLength(1);

    const { handler: strict } = setup(undefined, { legacy: false });
    const refused = legacy();
    expect((await strict(refused.rawBody, refused.headers)).status).toBe(401);
  });

  it('authenticates an encrypted legacy callback by the encrypt key’s signature', async () => {
    const { gantry, handler } = setup();
    const sealed = (signWith?: string) =>
      cardCallbackRequest({
        scheme: 'legacy',
        body: legacyCallbackBody({ openId: 'ou_bob', value: promote }),
        verificationToken: TOKEN,
        encryptKey: KEY,
        encrypted: true,
        timestamp: SECONDS,
        signWith,
      });
    const forged = sealed('not-the-key');
    expect(await handler(forged.rawBody, forged.headers)).toMatchObject({ status: 401 });
    const good = sealed();
    expect(await handler(good.rawBody, good.headers)).toMatchObject({ status: 200, body: { schema: '2.0' } });
    expect(gantry.decisions).toHaveLength(1);
  });

  it('takes a legacy click from the Feishu double, whose body carries the card’s update token', async () => {
    const { gantry, handler } = setup();
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void handler(Buffer.concat(chunks), req.headers).then(({ status, body }) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const feishu = await startFeishuDouble({
      appId: 'cli_a',
      appSecret: 's',
      now: () => NOW,
      callback: {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        verificationToken: TOKEN,
        scheme: 'legacy',
      },
    });
    try {
      const api = (path: string, body: unknown, token?: string) =>
        fetch(`${feishu.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        }).then((r) => r.json() as Promise<Record<string, unknown>>);
      const { tenant_access_token: token } = await api('/open-apis/auth/v3/tenant_access_token/internal', {
        app_id: 'cli_a',
        app_secret: 's',
      });
      const card = renderReleaseCard(progress(), { uiUrl: 'http://t', apiUrl: 'http://g', namespace: 'default' });
      const sent = await api(
        '/open-apis/im/v1/messages?receive_id_type=chat_id',
        { receive_id: 'oc_chat', msg_type: 'interactive', content: JSON.stringify(card) },
        String(token),
      );
      const messageId = (sent.data as { message_id: string }).message_id;
      const clicked = await api(`/cards/${messageId}/click`, { action: 'promote', openId: 'ou_bob', reason: 'ok' });
      expect(clicked).toMatchObject({ schema: '2.0' });
      expect(gantry.decisions).toMatchObject([{ kind: 'promote', decision: { by: 'bob', reason: 'ok' } }]);
    } finally {
      await feishu.close();
      await new Promise((r) => server.close(r));
    }
  });

  it('rejects a stale timestamp with 401', async () => {
    const { gantry, handler } = setup();
    const old = click({ timestamp: SECONDS - 301 });
    expect(await handler(old.rawBody, old.headers)).toMatchObject({ status: 401, body: { error: /stale/ } });
    const future = click({ timestamp: SECONDS + 400 });
    expect((await handler(future.rawBody, future.headers)).status).toBe(401);
    expect(gantry.decisions).toHaveLength(0);
  });

  it('executes a replayed event id only once', async () => {
    const { gantry, handler } = setup();
    const first = click({ eventId: 'ev-7' });
    expect((await handler(first.rawBody, first.headers)).status).toBe(200);
    const replay = click({ eventId: 'ev-7' }); // fresh nonce and signature, same event
    expect(await handler(replay.rawBody, replay.headers)).toEqual({
      status: 200,
      body: { toast: { type: 'info', content: 'This click was already handled.' } },
    });
    expect(gantry.decisions).toHaveLength(1);
  });

  it('decrypts an encrypted body before verifying and handling it', async () => {
    const { gantry, handler } = setup();
    const sealed = click({ encrypted: true, eventId: 'ev-enc' });
    expect(JSON.parse(sealed.rawBody.toString())).toEqual({ encrypt: expect.any(String) });
    const res = await handler(sealed.rawBody, sealed.headers);
    expect(res.status).toBe(200);
    expect(gantry.decisions[0]?.updateId).toBe('ev-enc');

    const garbage = Buffer.from(JSON.stringify({ encrypt: encrypt('{}', 'another-key') }));
    expect(await handler(garbage, sealed.headers)).toMatchObject({ status: 400 });
  });

  it('answers URL verification, plain or encrypted, only with the right token', async () => {
    const { handler } = setup();
    const plain = Buffer.from(JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: TOKEN }));
    expect(await handler(plain, {})).toEqual({ status: 200, body: { challenge: 'c-123' } });
    const sealed = Buffer.from(
      JSON.stringify({
        encrypt: encrypt(JSON.stringify({ type: 'url_verification', challenge: 'c-9', token: TOKEN }), KEY),
      }),
    );
    expect(await handler(sealed, {})).toEqual({ status: 200, body: { challenge: 'c-9' } });
    const wrong = Buffer.from(JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'nope' }));
    expect((await handler(wrong, {})).status).toBe(401);
  });

  it('tells a person unknown to the catalog that they are not a Gantry user', async () => {
    const { gantry, handler } = setup();
    const stranger = click({ openId: 'ou_stranger' });
    const res = await handler(stranger.rawBody, stranger.headers);
    expect(res).toEqual({
      status: 200,
      body: { toast: { type: 'error', content: expect.stringContaining('not a Gantry user') } },
    });
    expect(gantry.decisions).toHaveLength(0);
  });

  it('turns a validator rejection into an error toast with its reason, and nothing else', async () => {
    const { handler } = setup('bob may not approve his own release');
    const { rawBody, headers } = click();
    expect(await handler(rawBody, headers)).toEqual({
      status: 200,
      body: { toast: { type: 'error', content: 'bob may not approve his own release' } },
    });
  });

  it('refuses a button from an older release’s card', async () => {
    const { gantry, handler } = setup();
    const { rawBody, headers } = click({ value: { ...promote, releaseId: 'r-41' } });
    expect(await handler(rawBody, headers)).toMatchObject({ body: { toast: { type: 'error' } } });
    expect(gantry.decisions).toHaveLength(0);
  });

  it('answers within Feishu’s 3 s even when the update takes longer', async () => {
    const decisions: string[] = [];
    const handler = createFeishuCallbackHandler({
      verificationToken: TOKEN,
      encryptKey: KEY,
      decide: (_s, _e, _k, _d, updateId) => {
        decisions.push(updateId ?? '');
        return new Promise(() => undefined);
      },
      progress: async () => progress(),
      people: { bob: { feishuOpenId: 'ou_bob' } },
      renderCard: () => ({}),
      now: () => NOW,
      deadlineMs: 50,
    });
    const { rawBody, headers } = click();
    expect(await handler(rawBody, headers)).toMatchObject({ status: 200, body: { toast: { type: 'info' } } });
    expect(decisions).toEqual(['ev-1']);
  });

  it('answers malformed input with 400 and a one-line reason, without throwing', async () => {
    const { handler } = setup();
    const bad = await handler(Buffer.from('{"schema": "2.0", '), {});
    expect(bad.status).toBe(400);
    expect((bad.body as { error: string }).error).toMatch(/^malformed JSON: [^\n]+$/);
    expect((await handler(Buffer.from('[1,2]'), {})).status).toBe(400);
    expect((await handler(Buffer.from('{"hello":"world"}'), {})).status).toBe(400);
    const notGantry = click({ value: { action: 'launch-rockets' } });
    expect(await handler(notGantry.rawBody, notGantry.headers)).toMatchObject({
      status: 200,
      body: { toast: { type: 'error' } },
    });
  });
});
