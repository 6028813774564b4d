import type { ReleaseProgress } from '../../src/domain/progress';
import type { ReleaseEvent } from '../../src/ports/notifier';
import { createFeishuApi, FeishuApiError } from '../../src/integrations/feishu/feishu-api';
import { createFeishuNotifier } from '../../src/integrations/feishu/feishu-notifier';
import { findButtons } from '../../src/integrations/feishu/release-card';
import { startFeishuDouble, type FeishuDouble } from '../../src/testing/feishu-server';

const APP = { appId: 'cli_gantry', appSecret: 'app-secret' };
const BOT_SECRET = 'bot-signing-secret';

const progress = (over: Partial<ReleaseProgress> = {}): ReleaseProgress => ({
  workflowId: 'release/orders/prod',
  releaseId: 'r-42',
  service: 'orders',
  environment: 'prod',
  image: 'registry.gantry.local/orders:abc123',
  previousImage: 'registry.gantry.local/orders:old999',
  requestedBy: 'alice',
  status: 'pending',
  stages: [
    { name: 'gray', state: 'pending', percent: 0 },
    { name: 'full', state: 'pending', percent: 0 },
  ],
  percent: 0,
  currentStep: 'queued',
  approvals: [],
  superseded: [],
  ...over,
});

describe('the Feishu notifier and API client, against a local Feishu double', () => {
  let feishu: FeishuDouble;
  let clock: number;
  const now = () => clock;

  beforeEach(async () => {
    clock = Date.UTC(2025, 5, 3, 8, 0, 0);
    feishu = await startFeishuDouble({
      ...APP,
      tokenTtlSeconds: 120,
      hooks: { 'signed-hook': BOT_SECRET, 'plain-hook': undefined },
      now,
    });
  });
  afterEach(() => feishu.close());

  const api = (over: Partial<Parameters<typeof createFeishuApi>[0]> = {}) =>
    createFeishuApi({ ...APP, baseUrl: feishu.url, now, backoffMs: 1, ...over });

  it('signs custom bot messages so the double accepts them with the documented maths', async () => {
    await api().sendBotMessage(`${feishu.url}/open-apis/bot/v2/hook/signed-hook`, BOT_SECRET, {
      msg_type: 'text',
      content: { text: 'hello' },
    });
    expect(feishu.botMessages).toHaveLength(1);
    const body = feishu.botMessages[0]?.body ?? {};
    expect(body.timestamp).toBe(String(clock / 1000));
    expect(typeof body.sign).toBe('string');
  });

  it('surfaces a wrong bot secret as a FeishuApiError with code 19021', async () => {
    const send = api().sendBotMessage(`${feishu.url}/open-apis/bot/v2/hook/signed-hook`, 'wrong-secret', {
      msg_type: 'text',
      content: { text: 'hello' },
    });
    await expect(send).rejects.toBeInstanceOf(FeishuApiError);
    await expect(send).rejects.toMatchObject({ code: 19021, message: expect.stringContaining('code 19021') });
    expect(feishu.botMessages).toHaveLength(0);
  });

  it('refuses a bot message whose timestamp is more than an hour old', async () => {
    let skewed = clock - 2 * 3600_000;
    const stale = api({ now: () => skewed });
    await expect(
      stale.sendBotMessage(`${feishu.url}/open-apis/bot/v2/hook/signed-hook`, BOT_SECRET, { msg_type: 'text' }),
    ).rejects.toMatchObject({ code: 19021 });
    skewed = clock;
    await stale.sendBotMessage(`${feishu.url}/open-apis/bot/v2/hook/signed-hook`, BOT_SECRET, { msg_type: 'text' });
  });

  it('caches the tenant token, refreshes it shortly before expiry and when Feishu calls it invalid', async () => {
    const client = api({ refreshMarginSeconds: 30 });
    const first = await client.tenantAccessToken();
    await client.sendText('oc_chat', 'chat_id', 'one');
    clock += 60_000;
    expect(await client.tenantAccessToken()).toBe(first);
    expect(feishu.tokensIssued).toBe(1);

    clock += 31_000; // 91 s of 120: inside the 30 s margin
    const second = await client.tenantAccessToken();
    expect(second).not.toBe(first);
    expect(feishu.tokensIssued).toBe(2);

    feishu.revokeTokens(); // Feishu answers 99991663: the client fetches a new token and retries once
    await client.sendText('oc_chat', 'chat_id', 'two');
    expect(feishu.tokensIssued).toBe(3);
    expect(feishu.messages.size).toBe(2);
  });

  it('shares one token fetch between concurrent calls', async () => {
    const client = api();
    await Promise.all([1, 2, 3].map((n) => client.sendText('oc_chat', 'chat_id', `n${n}`)));
    expect(feishu.tokensIssued).toBe(1);
  });

  it('retries rate limits and server errors with backoff, then gives up with Feishu’s code and msg', async () => {
    const sleeps: number[] = [];
    const client = api({ retries: 2, sleep: async (ms) => void sleeps.push(ms) });
    feishu.failNext(
      1,
      429,
      { code: 99991400, msg: 'request trigger frequency limit' },
      { 'x-ogw-ratelimit-reset': '2' },
    );
    feishu.failNext(1, 503, { code: 1, msg: 'busy' });
    await client.sendText('oc_chat', 'chat_id', 'after two failures');
    expect(sleeps[0]).toBe(2000);
    expect(sleeps).toHaveLength(2);

    feishu.failNext(3, 500, { code: 2200, msg: 'internal error' });
    await expect(client.sendText('oc_chat', 'chat_id', 'x')).rejects.toMatchObject({
      code: 2200,
      msg: 'internal error',
      httpStatus: 500,
    });
  });

  it('posts one card per release and updates it in place for every later event', async () => {
    const notifier = createFeishuNotifier({
      api: api(),
      chatId: 'oc_releases',
      people: { bob: { feishuOpenId: 'ou_bob' } },
      uiUrl: 'http://temporal.local:8233',
      apiUrl: 'https://gantry.example.com',
      namespace: 'default',
    });
    const events: ReleaseEvent[] = [
      { kind: 'started', progress: progress({ status: 'deploying-gray', percent: 10 }), mention: [] },
      {
        kind: 'waiting-for-promotion',
        progress: progress({ status: 'waiting-for-promotion', percent: 50 }),
        mention: [],
      },
      { kind: 'succeeded', progress: progress({ status: 'succeeded', percent: 100 }), mention: [] },
    ];
    let cardRef: string | undefined;
    for (const event of events) {
      const posted = await notifier.notify({ ...event, cardRef });
      if (cardRef) expect(posted?.cardRef).toBe(cardRef);
      cardRef = posted?.cardRef;
    }
    expect(feishu.messages.size).toBe(1);
    const message = feishu.messages.get(cardRef ?? '');
    expect(message).toMatchObject({ receiveId: 'oc_releases', receiveIdType: 'chat_id', msgType: 'interactive' });
    expect(message?.versions).toHaveLength(3);
    const [first, second, last] = message?.versions ?? [];
    expect(JSON.stringify(first)).toContain('Deploying gray');
    expect(findButtons(second).map((b) => b.value)).toContainEqual({
      action: 'promote',
      service: 'orders',
      environment: 'prod',
      releaseId: 'r-42',
    });
    expect(findButtons(last)).toEqual([]);
    expect(JSON.stringify(last)).toContain(
      'http://temporal.local:8233/namespaces/default/workflows/release%2Forders%2Fprod',
    );
  });

  it('sends a fresh card when the old one can no longer be updated', async () => {
    const notifier = createFeishuNotifier({
      api: api(),
      chatId: 'oc_releases',
      people: {},
      uiUrl: 'http://t',
      apiUrl: 'http://g',
      namespace: 'default',
    });
    const posted = await notifier.notify({ kind: 'started', progress: progress(), mention: [], cardRef: 'om_gone' });
    expect(posted?.cardRef).toMatch(/^om_/);
    expect(posted?.cardRef).not.toBe('om_gone');
    expect(feishu.messages.size).toBe(1);

    // An outage is not a lost card: it is rethrown (the activity retries) instead of posting a second card.
    feishu.failNext(4, 503, { code: 1, msg: 'service unavailable' });
    const update = notifier.notify({
      kind: 'stage-changed',
      progress: progress(),
      mention: [],
      cardRef: posted?.cardRef,
    });
    await expect(update).rejects.toMatchObject({ transient: true, httpStatus: 503 });
    expect(feishu.messages.size).toBe(1);
  });

  it('mentions the people who must act in the card and pings them through the group bot', async () => {
    const notifier = createFeishuNotifier({
      api: api(),
      chatId: 'oc_releases',
      botWebhook: { url: `${feishu.url}/open-apis/bot/v2/hook/signed-hook`, secret: BOT_SECRET },
      people: { bob: { feishuOpenId: 'ou_bob' }, carol: {} },
      uiUrl: 'http://t',
      apiUrl: 'http://g',
      namespace: 'default',
    });
    const posted = await notifier.notify({
      kind: 'waiting-for-window',
      progress: progress({ status: 'waiting-for-window', wakeAt: '2025-06-03T20:00:00.000Z' }),
      mention: ['bob', 'carol'],
    });
    const card = JSON.stringify(feishu.messages.get(posted?.cardRef ?? '')?.versions[0]);
    expect(card).toContain('<at id=ou_bob></at>');
    expect(card).toContain('@carol');
    expect(card).toContain('2025-06-03 20:00 UTC');
    expect(findButtons(JSON.parse(card)).map((b) => (b.value as { action: string }).action)).toEqual([
      'approve',
      'abort',
    ]);
    expect(feishu.botMessages).toHaveLength(1);
    expect(JSON.stringify(feishu.botMessages[0]?.body)).toContain('<at user_id=\\"ou_bob\\">bob</at>');
  });
});
