import {
  decodeJwt,
  decodeProtectedHeader,
  exportSPKI,
  generateKeyPair,
  importJWK,
  SignJWT,
  type JWK,
  type KeyLike,
} from 'jose';
import { createAuthenticator, type Authenticator } from '../../src/auth/authenticator';
import { AuthError } from '../../src/auth/identity';
import { issueToken, revokeToken } from '../../src/auth/token-issuer';
import type { Settings } from '../../src/config/settings';
import { startOidcProvider, type OidcClient, type OidcProvider } from '../harness/oidc-provider';
import { authCatalog, oidcSettings } from './auth-fixtures';

const catalog = authCatalog();
let provider: OidcProvider;
let gantryClient: OidcClient;
let otherClient: OidcClient;
let settings: Settings;
let auth: Authenticator;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const aliceToken = async () =>
  (await provider.tokensFor({ subject: 'user-1', email: 'alice@example.com' }, { client: gantryClient })).accessToken;
const authAt = (now: Date) => createAuthenticator({ settings, catalog, now: () => now });

/** A key the provider never published, to forge tokens that look right in every other way. */
async function forge(claims: Record<string, unknown>, kid: string): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(privateKey);
}

beforeAll(async () => {
  provider = await startOidcProvider();
  gantryClient = await provider.createClient({ audience: ['gantry-api'] });
  otherClient = await provider.createClient({ audience: ['other-api'] });
  settings = await oidcSettings(provider.issuer);
  auth = createAuthenticator({ settings, catalog });
});
afterAll(async () => provider?.stop());

describe('a token from the real OIDC provider', () => {
  it('acts as the catalog person its email names', async () => {
    await expect(auth.authenticate(bearer(await aliceToken()))).resolves.toEqual({
      subject: 'oidc:user-1',
      person: 'alice',
      via: 'oidc',
    });
  });

  it('is still accepted within the clock skew after it expired', async () => {
    const token = await aliceToken();
    const exp = decodeJwt(token).exp!;
    await expect(authAt(new Date((exp + 20) * 1000)).authenticate(bearer(token))).resolves.toMatchObject({
      person: 'alice',
    });
  });
});

describe('a personal or service token from the store', () => {
  it('acts as the person it was issued to', async () => {
    const { token, entry } = await issueToken(settings.auth.tokenStorePath, { person: 'carol' });
    await expect(auth.authenticate(bearer(token))).resolves.toEqual({
      subject: `token:${entry.id}`,
      person: 'carol',
      via: 'token',
    });
  });

  it('acts as a service account with its own roles and no person', async () => {
    const { token } = await issueToken(settings.auth.tokenStorePath, { service: 'deploy-bot', roles: ['ci'] });
    await expect(auth.authenticate(bearer(token))).resolves.toMatchObject({
      person: undefined,
      service: 'deploy-bot',
      roles: ['ci'],
    });
  });
});

describe('the attack list: each answers 401 with a reason that names what was wrong', () => {
  const cases: [string, () => Promise<[Record<string, string>, Authenticator?]>, RegExp][] = [
    ['no token', async () => [{}], /no bearer token: run "gantry login"/],
    [
      'a non-bearer Authorization header',
      async () => [{ authorization: 'Basic YWxpY2U6eA==' }],
      /must be "Bearer <token>"/,
    ],
    [
      'an expired token',
      async () => {
        const token = await aliceToken();
        return [bearer(token), authAt(new Date((decodeJwt(token).exp! + 60) * 1000))];
      },
      /token expired at \d{4}-/,
    ],
    [
      'a token not yet valid',
      async () => {
        const token = await aliceToken();
        return [bearer(token), authAt(new Date((decodeJwt(token).iat! - 600) * 1000))];
      },
      /token not yet valid/,
    ],
    [
      'a token from another issuer',
      async () => {
        const real = decodeJwt(await aliceToken());
        return [
          bearer(
            await forge({ ...real, iss: 'https://idp.evil.example' }, decodeProtectedHeader(await aliceToken()).kid!),
          ),
        ];
      },
      /token issuer "https:\/\/idp\.evil\.example" is not "http:\/\/127\.0\.0\.1:\d+"/,
    ],
    [
      'a token for another audience',
      async () => [
        bearer(
          (await provider.tokensFor({ subject: 'user-1', email: 'alice@example.com' }, { client: otherClient }))
            .accessToken,
        ),
      ],
      /token audience \["other-api"\] does not include "gantry-api"/,
    ],
    [
      'the ID token (its audience is the client, not the API)',
      async () => [
        bearer(
          (await provider.tokensFor({ subject: 'user-1', email: 'alice@example.com' }, { client: gantryClient }))
            .idToken,
        ),
      ],
      /does not include "gantry-api"/,
    ],
    [
      'an unsigned token (alg none)',
      async () => {
        const [, payload] = (await aliceToken()).split('.');
        return [bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`)];
      },
      /unsigned token \(alg "none"\) refused/,
    ],
    [
      "HS256 signed with the provider's public key",
      async () => {
        const real = await aliceToken();
        const { kid } = decodeProtectedHeader(real);
        const jwks = (await (await fetch(`${provider.issuer}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
        const jwk = jwks.keys.find((k) => k.kid === kid)!;
        const pem = await exportSPKI((await importJWK(jwk, 'RS256')) as KeyLike);
        const forged = await new SignJWT(decodeJwt(real))
          .setProtectedHeader({ alg: 'HS256', kid })
          .sign(new TextEncoder().encode(pem));
        return [bearer(forged)];
      },
      /token algorithm HS256 is not allowed \(allowed: RS256, ES256\)/,
    ],
    [
      'a tampered payload (bob rewrites his email to alice)',
      async () => {
        const bobs = (
          await provider.tokensFor({ subject: 'user-2', email: 'bob@example.com' }, { client: gantryClient })
        ).accessToken;
        const [header, payload, signature] = bobs.split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
        return [bearer(`${header}.${b64({ ...claims, email: 'alice@example.com' })}.${signature}`)];
      },
      /token signature is invalid/,
    ],
    [
      'an unknown kid (a key the provider never published)',
      async () => [bearer(await forge(decodeJwt(await aliceToken()), 'not-published'))],
      /no signing key "not-published" in the issuer's JWKS, even after refreshing it/,
    ],
    [
      'a subject not in the catalog',
      async () => [
        bearer(
          (await provider.tokensFor({ subject: 'user-9', email: 'mallory@example.com' }, { client: gantryClient }))
            .accessToken,
        ),
      ],
      /email "mallory@example.com" matches no person in the catalog/,
    ],
    [
      'a revoked personal token',
      async () => {
        const { token, entry } = await issueToken(settings.auth.tokenStorePath, { person: 'alice' });
        await revokeToken(settings.auth.tokenStorePath, entry.id);
        return [bearer(token)];
      },
      /Gantry token "alice-[0-9a-f]+" was revoked at/,
    ],
    [
      'an expired personal token',
      async () => {
        const { token } = await issueToken(settings.auth.tokenStorePath, { person: 'alice', expiresInMs: 60_000 });
        return [bearer(token), authAt(new Date(Date.now() + 3_600_000))];
      },
      /Gantry token "alice-[0-9a-f]+" expired at/,
    ],
    ['a made-up personal token', async () => [bearer('gty_' + 'A'.repeat(43))], /unknown Gantry token/],
  ];

  it.each(cases)('%s', async (_name, request, reason) => {
    const [headers, authenticator = auth] = await request();
    const refused = authenticator.authenticate(headers);
    await expect(refused).rejects.toBeInstanceOf(AuthError);
    await expect(refused).rejects.toMatchObject({ status: 401, reason: expect.stringMatching(reason) });
  });
});

describe('key rotation at the provider', () => {
  it('picks up a new signing key by refetching the JWKS when a token names an unknown kid', async () => {
    const rotating = createAuthenticator({ settings, catalog, jwksCooldownMs: 0 });
    await expect(rotating.authenticate(bearer(await aliceToken()))).resolves.toMatchObject({ person: 'alice' });
    const created = await fetch(`${provider.adminUrl}/admin/keys/hydra.jwt.access-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ alg: 'RS256', use: 'sig', kid: 'rotated-key' }),
    });
    expect(created.status).toBe(201);
    const rotated = await aliceToken();
    expect(decodeProtectedHeader(rotated).kid).toBe('rotated-key');
    await expect(rotating.authenticate(bearer(rotated))).resolves.toMatchObject({ person: 'alice' });
  });
});
