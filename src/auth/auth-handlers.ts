import type { Catalog } from '../config/catalog-schema';
import type { Settings } from '../config/settings';
import type { Authenticator } from './authenticator';
import type { RequestHeaders } from './bearer-token';
import { AuthError, type Identity } from './identity';

/** A framework-free answer the route table turns into an HTTP response. */
export interface HandlerResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface WhoAmI {
  subject: string;
  person: string | undefined;
  name: string | undefined;
  service?: string;
  via: Identity['via'];
  roles: string[];
}

/** What the caller is, for `gantry whoami`: the catalog person (with catalog roles) or the service account. */
export function describeIdentity(identity: Identity, catalog: Catalog): WhoAmI {
  const person = identity.person ? catalog.people[identity.person] : undefined;
  return {
    subject: identity.subject,
    person: identity.person,
    name: person?.name,
    service: identity.service,
    via: identity.via,
    roles: identity.roles ?? person?.roles ?? [],
  };
}

/** 401 with the reason and the RFC 6750 challenge, so clients know a bearer token is expected. */
export function unauthorized(err: AuthError): HandlerResult {
  return {
    status: 401,
    body: { error: err.reason },
    // RFC 6750: error_description is printable ASCII without '"' or backslash; the reason may quote a name from the
    // request (any Unicode), which Node refuses in a header (ERR_INVALID_CHAR, a 500 instead of this 401).
    headers: {
      'www-authenticate': `Bearer error="invalid_token", error_description="${err.reason.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '?')}"`,
    },
  };
}

/** GET /api/whoami (guarded like every API route). */
export async function handleWhoAmI(
  authenticator: Authenticator,
  catalog: Catalog,
  headers: RequestHeaders,
  remoteAddress?: string,
): Promise<HandlerResult> {
  try {
    return {
      status: 200,
      body: describeIdentity(await authenticator.authenticate(headers, { remoteAddress }), catalog),
    };
  } catch (err) {
    if (err instanceof AuthError) return unauthorized(err);
    throw err;
  }
}

/** GET /api/auth/config (public): what `gantry login` needs to start the device flow; no secrets in it. */
export function handleAuthConfig(settings: Pick<Settings, 'auth'>): HandlerResult {
  const { auth } = settings;
  return {
    status: 200,
    body: {
      mode: auth.mode,
      issuer: auth.oidc?.issuer,
      audience: auth.oidc?.audience,
      clientId: auth.cli.clientId,
      scopes: auth.cli.scopes,
    },
  };
}
