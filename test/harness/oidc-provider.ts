import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from './free-port';
import { waitFor } from './wait-for';

const ROOT = resolve(__dirname, '../..');
const HYDRA = join(ROOT, '.tools/bin/hydra');

export interface OidcClient {
  clientId: string;
  /** Undefined for a public client (like the CLI): it authenticates with its id alone. */
  clientSecret: string | undefined;
  audience: string[];
}

/** Claims the provider puts in the tokens it mints for a person (top level of the access and ID tokens). */
export interface PersonClaims {
  subject: string;
  email?: string;
  preferred_username?: string;
}

export interface MintedTokens {
  accessToken: string;
  idToken: string;
  refreshToken: string | undefined;
  expiresIn: number;
}

export interface ClientOptions {
  audience?: string[];
  clientId?: string;
  public?: boolean;
}

export interface OidcProvider {
  issuer: string;
  adminUrl: string;
  createClient(opts?: ClientOptions): Promise<OidcClient>;
  /** Real tokens for a person: the authorization-code flow, with this harness as Hydra's login and consent app. */
  tokensFor(
    person: PersonClaims,
    opts: { client: OidcClient; audience?: string[]; scope?: string },
  ): Promise<MintedTokens>;
  stop(): Promise<void>;
}

/** Builds Hydra when missing (a no-op when current; the postinstall normally did it). */
export async function ensureOidcProvider(): Promise<void> {
  await promisify(execFile)('bash', [join(ROOT, 'scripts/build-oidc-provider.sh')], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (!existsSync(HYDRA)) throw new Error('hydra is missing from .tools/bin: run bash scripts/build-oidc-provider.sh');
}

/** A tiny cookie jar: Hydra's login/consent CSRF cookies must come back on the redirects of the same flow. */
function cookieJar() {
  const cookies = new Map<string, string>();
  return {
    keep(res: Response) {
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair?.indexOf('=') ?? -1;
        if (pair && eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
      }
    },
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
  };
}

async function json<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what} answered ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/**
 * Ory Hydra on loopback (in-memory SQLite, free ports, JWT access tokens), started fresh for a test file. The
 * login and consent URLs point nowhere: the harness reads the challenges from the redirects and accepts them
 * through the admin API, as a real login app would after checking a password.
 */
export async function startOidcProvider(): Promise<OidcProvider> {
  await ensureOidcProvider();
  const dir = await mkdtemp(join(tmpdir(), 'gantry-oidc-'));
  const [publicPort, adminPort] = (await freePorts(2)) as [number, number];
  const issuer = `http://127.0.0.1:${publicPort}`;
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  const config = {
    dsn: 'memory',
    serve: { public: { host: '127.0.0.1', port: publicPort }, admin: { host: '127.0.0.1', port: adminPort } },
    urls: { self: { issuer }, login: `${issuer}/harness/login`, consent: `${issuer}/harness/consent` },
    secrets: { system: [randomBytes(24).toString('hex')] },
    strategies: { access_token: 'jwt' },
    // Gantry finds the person by a top-level claim of the access token.
    oauth2: { allowed_top_level_claims: ['email', 'preferred_username'], mirror_top_level_claims: false },
    log: { level: 'warn' },
  };
  await writeFile(join(dir, 'hydra.json'), JSON.stringify(config));
  const child = spawn(HYDRA, ['serve', 'all', '--dev', '--sqa-opt-out', '-c', join(dir, 'hydra.json')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await waitFor(
      'Hydra ready',
      async () => {
        if (child.exitCode !== null) throw new Error(`hydra exited ${child.exitCode}: ${output.join('')}`);
        const res = await fetch(`${adminUrl}/health/ready`);
        return res.ok ? true : undefined;
      },
      60_000,
    );
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${output.join('').slice(-2000)}`);
  }

  async function createClient(opts: ClientOptions = {}): Promise<OidcClient> {
    const clientId = opts.clientId ?? `client-${randomBytes(4).toString('hex')}`;
    const clientSecret = opts.public ? undefined : randomBytes(16).toString('hex');
    const audience = opts.audience ?? ['gantry-api'];
    await json(
      await fetch(`${adminUrl}/admin/clients`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          client_id: clientId,
          client_secret: clientSecret,
          grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
          response_types: ['code'],
          scope: 'openid offline_access offline email profile',
          redirect_uris: [`${issuer}/harness/callback`],
          audience,
          token_endpoint_auth_method: opts.public ? 'none' : 'client_secret_post',
        }),
      }),
      'creating an OAuth2 client',
    );
    return { clientId, clientSecret, audience };
  }

  async function tokensFor(
    person: PersonClaims,
    opts: { client: OidcClient; audience?: string[]; scope?: string },
  ): Promise<MintedTokens> {
    const jar = cookieJar();
    const scope = opts.scope ?? 'openid offline_access email';
    const audience = opts.audience ?? opts.client.audience;
    const redirectUri = `${issuer}/harness/callback`;
    const follow = async (url: string): Promise<URL> => {
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
      jar.keep(res);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) {
        throw new Error(`expected a redirect from ${url}, got ${res.status}: ${(await res.text()).slice(0, 300)}`);
      }
      return new URL(location, url);
    };
    const accept = async (kind: 'login' | 'consent', challenge: string, body: unknown): Promise<string> => {
      const res = await fetch(`${adminUrl}/admin/oauth2/auth/requests/${kind}/accept?${kind}_challenge=${challenge}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await json<{ redirect_to: string }>(res, `accepting the ${kind}`)).redirect_to;
    };

    const authorize = new URL(`${issuer}/oauth2/auth`);
    authorize.search = new URLSearchParams({
      client_id: opts.client.clientId,
      response_type: 'code',
      scope,
      redirect_uri: redirectUri,
      state: randomBytes(8).toString('hex'),
      nonce: randomBytes(8).toString('hex'),
      audience: audience.join(' '),
    }).toString();
    const toLogin = await follow(authorize.toString());
    const loginChallenge = toLogin.searchParams.get('login_challenge');
    if (!loginChallenge) throw new Error(`no login challenge in ${toLogin}`);
    const toConsent = await follow(await accept('login', loginChallenge, { subject: person.subject, remember: false }));
    const consentChallenge = toConsent.searchParams.get('consent_challenge');
    if (!consentChallenge) throw new Error(`no consent challenge in ${toConsent}`);
    const claims = { email: person.email, preferred_username: person.preferred_username };
    const toCallback = await follow(
      await accept('consent', consentChallenge, {
        grant_scope: scope.split(' '),
        grant_access_token_audience: audience,
        remember: false,
        session: { access_token: claims, id_token: claims },
      }),
    );
    const code = toCallback.searchParams.get('code');
    if (!code) throw new Error(`no authorization code in ${toCallback}`);
    const tokens = await json<{ access_token: string; id_token: string; refresh_token?: string; expires_in: number }>(
      await fetch(`${issuer}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          client_id: opts.client.clientId,
          ...(opts.client.clientSecret ? { client_secret: opts.client.clientSecret } : {}),
        }).toString(),
      }),
      'exchanging the code',
    );
    return {
      accessToken: tokens.access_token,
      idToken: tokens.id_token,
      refreshToken: tokens.refresh_token,
      expiresIn: tokens.expires_in,
    };
  }

  return { issuer, adminUrl, createClient, tokensFor, stop };
}
