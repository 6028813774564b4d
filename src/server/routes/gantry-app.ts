import type { IncomingMessage } from 'node:http';
import { unauthorized } from '../../auth/auth-handlers';
import type { Authenticator } from '../../auth/authenticator';
import { AuthError, type Identity } from '../../auth/identity';
import type { Board } from '../../board/gantry-board';
import type { Settings } from '../../config/settings';
import { HttpError } from '../http-io';
import type { FeishuCallback } from './feishu-routes';
import type { PushWebhooks } from '../push-webhooks';
import type { ReleaseApi } from '../release-api';
import type { RequestContext, Route } from '../router';

/** What the API server's handlers share, built once per server by createHttpServer. */
export interface GantryApp {
  api: ReleaseApi;
  hooks: PushWebhooks;
  /** Card-button callbacks, when Feishu is the notifier. */
  feishu?: FeishuCallback;
  /** The release board (src/board), when the server serves it. */
  board?: Board;
  /** Who is calling (issue 8): every /api route and the board ask through requireIdentity. */
  auth: GantryAuth;
}

export interface GantryAuth {
  authenticator: Authenticator;
  /** For the public GET /api/auth/config (what `gantry login` needs). */
  settings: Pick<Settings, 'auth'>;
}

export type GantryRoute = Route<GantryApp>;
export type GantryContext = RequestContext<GantryApp>;

/** One authentication per request, whichever of the guard and the handler asks first. */
const identities = new WeakMap<IncomingMessage, Identity>();

/**
 * THE way a route learns who is calling: the bearer token's person (OIDC or a Gantry token) or, only in the
 * embedded loopback mode, the person the request names (`x-gantry-user`, or `namedPerson` from the body). Throws
 * 401 with the reason and a Bearer challenge. Reads (GET/HEAD) in the loopback mode may name nobody.
 */
export async function requireIdentity(ctx: GantryContext, namedPerson?: string): Promise<Identity> {
  const known = identities.get(ctx.req);
  // A named person may still have to be taken from the body when the guard only saw an anonymous read.
  if (known && !(namedPerson && known.person === undefined && known.via === 'loopback')) return known;
  const method = ctx.req.method ?? 'GET';
  try {
    const identity = await ctx.app.auth.authenticator.authenticate(ctx.req.headers, {
      remoteAddress: ctx.req.socket.remoteAddress,
      namedPerson,
      anonymousRead: method === 'GET' || method === 'HEAD',
    });
    identities.set(ctx.req, identity);
    return identity;
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    const answer = unauthorized(err);
    for (const [name, value] of Object.entries(answer.headers ?? {})) ctx.res.setHeader(name, value);
    throw new HttpError(401, err.reason);
  }
}
