import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSettings } from '../../src/config/settings';
import type { ReleaseProgress } from '../../src/domain/progress';
import { startSimulatedCluster } from '../../src/embedded/simulated-cluster';
import { renderReleaseCard } from '../../src/integrations/feishu/release-card';
import { createFeishuCallbackHandler } from '../../src/server/feishu-callback';
import { cleanupGitFixtures, makeTempDir } from '../harness/git-fixtures';

const USER = {
  GANTRY_FEISHU_VERIFICATION_TOKEN: 'my-verification-token',
  GANTRY_FEISHU_ENCRYPT_KEY: 'my-encrypt-key',
  GANTRY_FEISHU_APP_SECRET: 'my-app-secret',
};

describe('GANTRY_SIMULATE=1 with Feishu settings of your own', () => {
  afterAll(cleanupGitFixtures);

  it('keeps the verification token and encrypt key you set, and the Feishu double signs clicks with them', async () => {
    const deliveries: { body: Buffer; headers: IncomingHttpHeaders }[] = [];
    const api = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        deliveries.push({ body: Buffer.concat(chunks), headers: req.headers });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    const cluster = await startSimulatedCluster({
      dataDir: await makeTempDir('gantry-sim-'),
      apiUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
      log: () => undefined,
      userEnv: USER,
    });
    try {
      const settings = loadSettings({ ...USER, ...cluster.env });
      expect(settings.integrations.notifier).toMatchObject({
        kind: 'feishu',
        verificationToken: USER.GANTRY_FEISHU_VERIFICATION_TOKEN,
        encryptKey: USER.GANTRY_FEISHU_ENCRYPT_KEY,
        appSecret: USER.GANTRY_FEISHU_APP_SECRET,
      });

      // A card sent with the app secret you set, clicked: the delivery verifies with your keys.
      const post = (path: string, body: unknown, token?: string) =>
        fetch(`${cluster.urls.feishu}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        }).then((r) => r.json() as Promise<Record<string, unknown>>);
      const { tenant_access_token: token } = await post('/open-apis/auth/v3/tenant_access_token/internal', {
        app_id: cluster.env.GANTRY_FEISHU_APP_ID,
        app_secret: USER.GANTRY_FEISHU_APP_SECRET,
      });
      const progress: ReleaseProgress = {
        workflowId: 'release/orders/prod',
        releaseId: 'r-1',
        service: 'orders',
        environment: 'prod',
        image: 'registry.gantry.local/orders:1',
        previousImage: null,
        requestedBy: 'alice',
        status: 'waiting-for-promotion',
        stages: [],
        percent: 50,
        currentStep: 'waiting for promote',
        approvals: [],
        superseded: [],
      };
      const card = renderReleaseCard(progress, { uiUrl: 'http://t', apiUrl: 'http://g', namespace: 'default' });
      const sent = await post(
        '/open-apis/im/v1/messages?receive_id_type=chat_id',
        { receive_id: 'oc_chat', msg_type: 'interactive', content: JSON.stringify(card) },
        String(token),
      );
      const messageId = (sent.data as { message_id: string }).message_id;
      await post(`/cards/${messageId}/click`, { action: 'promote', openId: 'ou_bob' });
      expect(deliveries).toHaveLength(1);

      const handler = createFeishuCallbackHandler({
        verificationToken: USER.GANTRY_FEISHU_VERIFICATION_TOKEN,
        encryptKey: USER.GANTRY_FEISHU_ENCRYPT_KEY,
        decide: async () => ({ accepted: true, status: 'deploying-full', message: 'promoted' }),
        progress: async () => progress,
        people: { bob: { feishuOpenId: 'ou_bob' } },
        renderCard: () => ({}),
      });
      const delivery = deliveries[0]!;
      expect(await handler(delivery.body, delivery.headers)).toMatchObject({
        status: 200,
        body: { toast: { type: 'success' } },
      });
    } finally {
      await cluster.close();
      await new Promise((r) => api.close(r));
    }
  });

  it('refuses, naming the variable, an endpoint the simulation would have to replace', async () => {
    const started = startSimulatedCluster({
      dataDir: await makeTempDir('gantry-sim-'),
      apiUrl: 'http://127.0.0.1:1',
      log: () => undefined,
      userEnv: { GANTRY_FEISHU_BASE_URL: 'https://open.feishu.cn', GANTRY_NOTIFIER: 'log' },
    });
    await expect(started).rejects.toThrow(
      /GANTRY_FEISHU_BASE_URL[\s\S]*GANTRY_NOTIFIER: GANTRY_SIMULATE=1 simulates feishu/,
    );
  });
});
