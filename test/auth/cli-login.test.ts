import { createServer, type Server } from 'node:http';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createAuthenticator } from '../../src/auth/authenticator';
import { discoverProvider } from '../../src/auth/oidc-discovery';
import { createCliTokenSource } from '../../src/cli/cli-token';
import { credentialsPath, readCredentials, saveLogin } from '../../src/cli/credentials';
import { deviceLogin } from '../../src/cli/device-login';
import type { Settings } from '../../src/config/settings';
import { startOidcProvider, type OidcClient, type OidcProvider } from '../harness/oidc-provider';
import { authCatalog, oidcSettings } from './auth-fixtures';

const catalog = authCatalog();
const API = 'https://gantry.example.com';
let provider: OidcProvider;
let cli: OidcClient;
let settings: Settings;

beforeAll(async () => {
  provider = await startOidcProvider();
  cli = await provider.createClient({ clientId: 'gantry-cli', public: true, audience: ['gantry-api'] });
  settings = await oidcSettings(provider.issuer);
});
afterAll(async () => provider?.stop());

describe('the stored login', () => {
  it('is refreshed with the refresh token once expired, saved with mode 0600, and acts as its person', async () => {
    const minted = await provider.tokensFor({ subject: 'user-1', email: 'alice@example.com' }, { client: cli });
    expect(minted.refreshToken).toBeDefined();
    const file = credentialsPath({ XDG_CONFIG_HOME: await mkdtemp(join(tmpdir(), 'gantry-config-')) });
    const meta = await discoverProvider(provider.issuer);
    await saveLogin(file, API, {
      issuer: provider.issuer,
      clientId: cli.clientId,
      tokenEndpoint: meta.token_endpoint,
      accessToken: minted.accessToken,
      idToken: minted.idToken,
      refreshToken: minted.refreshToken,
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });

    const bearer = await createCliTokenSource({ apiUrl: API, credentialsFile: file })();

    expect(bearer).toBeDefined();
    expect(bearer).not.toBe(minted.accessToken);
    const saved = (await readCredentials(file))[API]!;
    expect(saved.accessToken).toBe(bearer);
    expect(Date.parse(saved.expiresAt)).toBeGreaterThan(Date.now());
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dirname(file))).mode & 0o777).toBe(0o700);
    const auth = createAuthenticator({ settings, catalog });
    await expect(auth.authenticate({ authorization: `Bearer ${bearer}` })).resolves.toMatchObject({ person: 'alice' });
  });

  it('gives way to GANTRY_TOKEN, which scripts use', async () => {
    const source = createCliTokenSource({
      apiUrl: API,
      credentialsFile: '/nonexistent/credentials.json',
      envToken: 'gty_x',
    });
    await expect(source()).resolves.toBe('gty_x');
  });

  it('says to log in again when the refresh token is refused', async () => {
    const file = credentialsPath({ XDG_CONFIG_HOME: await mkdtemp(join(tmpdir(), 'gantry-config-')) });
    const meta = await discoverProvider(provider.issuer);
    await saveLogin(file, API, {
      issuer: provider.issuer,
      clientId: cli.clientId,
      tokenEndpoint: meta.token_endpoint,
      accessToken: 'expired',
      refreshToken: 'ory_rt_not-a-real-refresh-token',
      expiresAt: new Date(0).toISOString(),
    });
    await expect(createCliTokenSource({ apiUrl: API, credentialsFile: file })()).rejects.toThrow(
      /your login to https:\/\/gantry.example.com expired and could not be refreshed: run "gantry login"/,
    );
  });
});

describe('gantry login (device authorization grant)', () => {
  it('says so when the provider does not offer the device grant (Hydra v2.3.0 does not)', async () => {
    const meta = await discoverProvider(provider.issuer);
    expect(meta.device_authorization_endpoint).toBeUndefined();
    await expect(
      deviceLogin({ provider: meta, clientId: 'gantry-cli', scopes: 'openid', prompt: () => undefined }),
    ).rejects.toThrow(`${provider.issuer} does not offer the device authorization grant`);
  });

  it('shows the code, waits through pending and slow_down, and ends with a token that acts as the person', async () => {
    // RFC 8628 endpoints in front of the real provider: the approved poll hands out a real Hydra token.
    const real = await provider.tokensFor({ subject: 'user-2', email: 'bob@example.com' }, { client: cli });
    const answers = [{ error: 'authorization_pending' }, { error: 'slow_down' }, { error: 'authorization_pending' }];
    const forms: URLSearchParams[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        forms.push(form);
        res.setHeader('content-type', 'application/json');
        if (req.url === '/device/code') {
          res.end(
            JSON.stringify({
              device_code: 'dc-1',
              user_code: 'WDJB-MJHT',
              verification_uri: `${provider.issuer}/device`,
              expires_in: 600,
              interval: 5,
            }),
          );
        } else {
          const next = answers.shift();
          res.statusCode = next ? 400 : 200;
          res.end(
            JSON.stringify(
              next ?? { access_token: real.accessToken, refresh_token: real.refreshToken, expires_in: 3600 },
            ),
          );
        }
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as { port: number }).port;
    const waits: number[] = [];
    const shown: string[] = [];
    try {
      const login = await deviceLogin({
        provider: {
          issuer: provider.issuer,
          jwks_uri: '',
          token_endpoint: `http://127.0.0.1:${port}/token`,
          device_authorization_endpoint: `http://127.0.0.1:${port}/device/code`,
        },
        clientId: 'gantry-cli',
        scopes: 'openid offline_access email',
        audience: 'gantry-api',
        prompt: (uri, code) => shown.push(`${uri} ${code}`),
        sleep: async (ms) => void waits.push(ms),
      });
      expect(shown).toEqual([`${provider.issuer}/device WDJB-MJHT`]);
      expect(waits).toEqual([5000, 5000, 10_000, 10_000]);
      expect(forms[0]?.get('audience')).toBe('gantry-api');
      expect(forms[1]?.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:device_code');
      expect(forms[1]?.get('device_code')).toBe('dc-1');
      const auth = createAuthenticator({ settings, catalog });
      await expect(auth.authenticate({ authorization: `Bearer ${login.accessToken}` })).resolves.toMatchObject({
        person: 'bob',
        via: 'oidc',
      });
    } finally {
      server.close();
    }
  });
});
