import type { Catalog } from '../config/catalog-schema';
import type { Settings } from '../config/settings';
import { bearerToken, type RequestHeaders } from './bearer-token';
import { AuthError, type Identity } from './identity';
import { createJwtVerifier } from './jwt-verifier';
import { isLoopbackHost, NAMED_USER_HEADER } from './loopback';
import type { Fetch } from './oidc-discovery';
import { isOpaqueToken } from './opaque-token';
import { findPerson } from './person-lookup';
import { createTokenStore } from './token-store';

export interface AuthenticatorDeps {
  settings: Pick<Settings, 'auth' | 'http'>;
  catalog: Catalog;
  fetch?: Fetch;
  now?: () => Date;
  jwksCooldownMs?: number;
}

export interface RequestContext {
  /** The peer's address (socket.remoteAddress): the loopback mode also requires it to be loopback. */
  remoteAddress?: string;
  /** A person named by the request body (legacy `requestedBy`/`by`); used only where the loopback mode allows. */
  namedPerson?: string;
  /**
   * A read (GET) in the loopback mode may name nobody: `gantry status` needs no --as. Ignored in the shared mode,
   * where every call needs a bearer token.
   */
  anonymousRead?: boolean;
}

/**
 * Decides who is calling. Bearer tokens are always verified (a `gty_` token against the hashed store, anything
 * else as an OIDC JWT). Without one, only the embedded all-in-one bound to loopback trusts a named person; in the
 * shared (oidc) mode the request is refused. Throws AuthError (→ 401) with the reason.
 */
export function createAuthenticator(deps: AuthenticatorDeps) {
  const { auth, http } = deps.settings;
  const now = deps.now ?? (() => new Date());
  if (auth.mode === 'embedded-loopback' && !isLoopbackHost(http.host)) {
    throw new Error(
      `GANTRY_AUTH_MODE=embedded-loopback trusts the person a request names, so the API must listen on loopback only, ` +
        `but GANTRY_HTTP_HOST is ${http.host}: set GANTRY_AUTH_MODE=oidc with GANTRY_AUTH_ISSUER and GANTRY_AUTH_AUDIENCE for a shared installation`,
    );
  }
  const oidc = auth.oidc;
  const jwt = oidc
    ? createJwtVerifier({ ...oidc, fetch: deps.fetch, now, jwksCooldownMs: deps.jwksCooldownMs })
    : undefined;
  const tokens = createTokenStore(auth.tokenStorePath, now);
  const trustsNamedIdentity = auth.mode === 'embedded-loopback';

  async function fromBearer(token: string): Promise<Identity> {
    if (isOpaqueToken(token)) {
      const entry = await tokens.lookup(token);
      if (entry.person !== undefined) {
        if (!Object.hasOwn(deps.catalog.people, entry.person)) {
          throw new AuthError(`Gantry token "${entry.id}" belongs to "${entry.person}", who is not in the catalog`);
        }
        return { subject: `token:${entry.id}`, person: entry.person, via: 'token' };
      }
      return {
        subject: `token:${entry.id}`,
        person: undefined,
        service: entry.service,
        via: 'token',
        roles: entry.roles,
      };
    }
    if (!jwt || !oidc) throw new AuthError('OIDC tokens are not accepted here (no GANTRY_AUTH_ISSUER configured)');
    const claims = await jwt.verify(token);
    const value = claims[oidc.claim];
    const person = findPerson(deps.catalog, oidc.personField, value);
    if (!person) {
      throw new AuthError(
        typeof value === 'string'
          ? `${oidc.claim} "${value}" matches no person in the catalog (by ${oidc.personField})`
          : `token has no "${oidc.claim}" claim to find the person by`,
      );
    }
    // RFC 9068 access tokens name their client in client_id; ID-token-shaped ones in azp.
    const client = claims.client_id ?? claims.azp;
    const identity: Identity = { subject: `oidc:${claims.sub}`, person, via: 'oidc' };
    if (client === auth.cli.clientId) identity.cliLogin = true;
    return identity;
  }

  async function authenticate(headers: RequestHeaders, ctx: RequestContext = {}): Promise<Identity> {
    const token = bearerToken(headers);
    if (token !== undefined) return fromBearer(token);
    if (!trustsNamedIdentity) throw new AuthError('no bearer token: run "gantry login" or set GANTRY_TOKEN');
    if (ctx.remoteAddress !== undefined && !isLoopbackHost(ctx.remoteAddress)) {
      throw new AuthError(`named identities are trusted only from loopback, not from ${ctx.remoteAddress}`);
    }
    const header = headers[NAMED_USER_HEADER];
    const named = (Array.isArray(header) ? undefined : header) ?? ctx.namedPerson;
    if (!named && ctx.anonymousRead) return { subject: 'loopback:anonymous', person: undefined, via: 'loopback' };
    if (!named) throw new AuthError('who are you? pass --as <person id> or set GANTRY_USER');
    if (!Object.hasOwn(deps.catalog.people, named)) throw new AuthError(`"${named}" is not a person in the catalog`);
    return { subject: `loopback:${named}`, person: named, via: 'loopback' };
  }

  /** One line for the server's start-up log: which mode is active and what it trusts. */
  function describe(): string {
    const parts = [
      trustsNamedIdentity
        ? `auth: embedded-loopback — the API on ${http.host} trusts the person a request names (--as); not for shared use`
        : `auth: oidc — every API call needs a bearer token`,
    ];
    if (oidc)
      parts.push(`OIDC issuer ${oidc.issuer}, audience ${oidc.audience}, person by ${oidc.claim}→${oidc.personField}`);
    parts.push(`tokens from ${auth.tokenStorePath}`);
    return parts.join('; ');
  }

  return { authenticate, describe, mode: auth.mode, trustsNamedIdentity };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
