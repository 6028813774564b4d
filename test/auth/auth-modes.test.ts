import { readFile, stat } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { handleAuthConfig, handleWhoAmI } from '../../src/auth/auth-handlers';
import { createAuthenticator } from '../../src/auth/authenticator';
import { AuthError } from '../../src/auth/identity';
import { hashToken } from '../../src/auth/opaque-token';
import { createApiClient } from '../../src/cli/api-client';
import type { AuthCommandContext } from '../../src/cli/auth-commands';
import { tokenCommands } from '../../src/cli/token-commands';
import { catalogSchema } from '../../src/config/catalog-schema';
import { loadSettings } from '../../src/config/settings';
import { authCatalog, oidcSettings } from './auth-fixtures';

const catalog = authCatalog();

describe('auth settings', () => {
  it.each([
    [{ GANTRY_AUTH_MODE: 'oidc' }, /GANTRY_AUTH_ISSUER: required when GANTRY_AUTH_MODE=oidc: set GANTRY_AUTH_ISSUER/],
    [{ GANTRY_AUTH_MODE: 'oidc' }, /GANTRY_AUTH_AUDIENCE: required when GANTRY_AUTH_MODE=oidc/],
    [
      { GANTRY_AUTH_ALGORITHMS: 'RS256,HS256' },
      /GANTRY_AUTH_ALGORITHMS.*"HS256" is not allowed: use asymmetric algorithms only/,
    ],
    [{ GANTRY_AUTH_ALGORITHMS: 'none' }, /"none" is not allowed/],
    [{ GANTRY_AUTH_ISSUER: 'http://idp.example.com' }, /GANTRY_AUTH_ISSUER: use an https:\/\/ issuer/],
    [{ GANTRY_AUTH_CLOCK_SKEW: '10m' }, /GANTRY_AUTH_CLOCK_SKEW: at most 5m/],
    [{ GANTRY_AUTH_MODE: 'password' }, /GANTRY_AUTH_MODE: /],
  ])('refuses %j, naming the variable and the fix', (env, message) => {
    expect(() => loadSettings(env)).toThrow(message);
  });

  it('defaults to the embedded loopback mode with a token store in the data dir', () => {
    const { auth } = loadSettings({ GANTRY_DATA_DIR: '/tmp/gantry-x' });
    expect(auth).toMatchObject({
      mode: 'embedded-loopback',
      oidc: undefined,
      tokenStorePath: '/tmp/gantry-x/tokens.json',
    });
  });
});

describe('the embedded all-in-one on loopback', () => {
  const settings = loadSettings({ GANTRY_DATA_DIR: '/tmp/gantry-loopback-test' });
  const auth = createAuthenticator({ settings, catalog });

  it('trusts the person named by --as, and says so at start', async () => {
    await expect(auth.authenticate({ 'x-gantry-user': 'bob' }, { remoteAddress: '127.0.0.1' })).resolves.toEqual({
      subject: 'loopback:bob',
      person: 'bob',
      via: 'loopback',
    });
    expect(auth.trustsNamedIdentity).toBe(true);
    expect(auth.describe()).toMatch(/embedded-loopback .* trusts the person a request names/);
  });

  it.each([
    [{}, {}, /who are you\? pass --as/],
    [{ 'x-gantry-user': 'mallory' }, {}, /"mallory" is not a person in the catalog/],
    [{ 'x-gantry-user': 'bob' }, { remoteAddress: '10.1.2.3' }, /trusted only from loopback, not from 10\.1\.2\.3/],
  ])('refuses %j %j', async (headers, ctx, reason) => {
    await expect(auth.authenticate(headers, ctx)).rejects.toMatchObject({ reason: expect.stringMatching(reason) });
  });

  it('refuses to start when the API listens beyond loopback', () => {
    const exposed = loadSettings({ GANTRY_HTTP_HOST: '0.0.0.0' });
    expect(() => createAuthenticator({ settings: exposed, catalog })).toThrow(
      /GANTRY_HTTP_HOST is 0\.0\.0\.0: set GANTRY_AUTH_MODE=oidc/,
    );
  });
});

describe('the shared mode', () => {
  it('ignores a named person: without a bearer token the answer is 401', async () => {
    const auth = createAuthenticator({ settings: await oidcSettings('https://idp.example.com'), catalog });
    expect(auth.trustsNamedIdentity).toBe(false);
    await expect(auth.authenticate({ 'x-gantry-user': 'bob' }, { namedPerson: 'bob' })).rejects.toBeInstanceOf(
      AuthError,
    );
  });
});

describe('gantry token create and GET /api/whoami', () => {
  it('prints the token once, keeps only its hash (mode 0600), and whoami answers with that person', async () => {
    const settings = await oidcSettings('https://idp.example.com');
    const out = new PassThrough();
    let printed = '';
    out.on('data', (c: Buffer) => (printed += c.toString()));
    const ctx = {
      api: createApiClient('http://127.0.0.1:1'),
      user: undefined,
      out: out as unknown as NodeJS.WriteStream,
      settings,
      env: {},
      catalog: async () => catalog,
    } satisfies AuthCommandContext;
    await tokenCommands.token!.run(ctx, {
      positionals: ['create'],
      values: { person: 'carol', expires: '90d', description: 'release scripts' },
    });

    const token = /^(gty_[A-Za-z0-9_-]{43})$/m.exec(printed)?.[1];
    expect(token).toBeDefined();
    const stored = await readFile(settings.auth.tokenStorePath, 'utf8');
    expect(stored).not.toContain(token);
    expect(stored).toContain(hashToken(token!));
    expect((await stat(settings.auth.tokenStorePath)).mode & 0o777).toBe(0o600);

    const auth = createAuthenticator({ settings, catalog });
    await expect(handleWhoAmI(auth, catalog, { authorization: `Bearer ${token}` })).resolves.toMatchObject({
      status: 200,
      body: { person: 'carol', name: 'Carol', via: 'token', roles: ['release-manager'] },
    });
    await expect(handleWhoAmI(auth, catalog, {})).resolves.toMatchObject({
      status: 401,
      headers: { 'www-authenticate': expect.stringMatching(/^Bearer error="invalid_token"/) },
    });
  });

  it('refuses a token for someone not in the catalog', async () => {
    const settings = await oidcSettings('https://idp.example.com');
    const ctx = {
      api: createApiClient('http://127.0.0.1:1'),
      user: undefined,
      out: new PassThrough() as unknown as NodeJS.WriteStream,
      settings,
      env: {},
      catalog: async () => catalog,
    } satisfies AuthCommandContext;
    await expect(
      tokenCommands.token!.run(ctx, { positionals: ['create'], values: { person: 'mallory' } }),
    ).rejects.toThrow('"mallory" is not a person in the catalog');
  });

  it('tells the CLI where to log in, without secrets', async () => {
    const settings = await oidcSettings('https://idp.example.com');
    expect(handleAuthConfig(settings).body).toEqual({
      mode: 'oidc',
      issuer: 'https://idp.example.com',
      audience: 'gantry-api',
      clientId: 'gantry-cli',
      scopes: 'openid offline_access email profile',
    });
  });
});

describe('the catalog', () => {
  it('refuses two people with the same login email, since either could then act as the other', () => {
    const raw = {
      ...catalog,
      people: { ...catalog.people, eve: { name: 'Eve', email: 'ALICE@example.com', roles: [] } },
    };
    const parsed = catalogSchema.safeParse(raw);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toContain(
      'people.eve.email: "ALICE@example.com" is also the email of alice: each login identity must name one person',
    );
  });
});
