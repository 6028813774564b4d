import { bearerToken } from '../../auth/bearer-token';
import { BOARD_EVENTS_PATH, boardPaths } from '../../board/board-routes';
import { renderSignIn } from '../../board/sign-in-page';
import { HttpError, sendJson } from '../http-io';
import { requireIdentity, type GantryContext, type GantryRoute } from './gantry-app';

/**
 * The board's cookie: the bearer token the person signed in with (shared mode only), sent by the browser with
 * page navigations and the event stream. Path=/board, so the API never sees it and stays bearer-header-only (no
 * cross-site request can act through it); SameSite=Strict and HttpOnly besides.
 */
const COOKIE = 'gantry_board_token';
const TOKEN = /^[A-Za-z0-9._~+/=-]+$/;

function cookieToken(ctx: GantryContext): string | undefined {
  for (const part of (ctx.req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    const token = value.join('=');
    if (name === COOKIE && TOKEN.test(token)) return token;
  }
  return undefined;
}

function cookie(ctx: GantryContext, token: string, maxAge?: number): string {
  const https = ctx.req.headers['x-forwarded-proto'] === 'https' || 'encrypted' in ctx.req.socket;
  const age = maxAge === undefined ? '' : `; Max-Age=${maxAge}`;
  return `${COOKIE}=${token}; Path=/board; HttpOnly; SameSite=Strict${https ? '; Secure' : ''}${age}`;
}

/** requireIdentity, with the board's cookie standing in for the Authorization header a navigation cannot send. */
async function boardIdentity(ctx: GantryContext) {
  const token = ctx.req.headers.authorization === undefined ? cookieToken(ctx) : undefined;
  if (token) ctx.req.headers.authorization = `Bearer ${token}`;
  return requireIdentity(ctx);
}

const board = (ctx: GantryContext, path: string) => {
  const route = ctx.app.board?.routes.find((r) => r.path === path);
  if (!route) throw new HttpError(404, 'the release board is not enabled on this server');
  return route;
};

/** The release board (src/board), served by the API server with the API's authentication: `/` opens it. */
export const boardRoutes: GantryRoute[] = [
  {
    method: 'GET',
    path: '/',
    handler: (ctx) => {
      board(ctx, '/board');
      ctx.res.writeHead(302, { location: '/board' }).end();
    },
  },
  // The board's pages show release data: they ask who is calling like every /api route.
  ...boardPaths('page').map((path): GantryRoute => ({
    method: 'GET',
    path,
    handler: async (ctx) => {
      const route = board(ctx, path);
      try {
        await boardIdentity(ctx);
      } catch (err) {
        if (!(err instanceof HttpError) || err.status !== 401) throw err;
        const page = renderSignIn(err.message).text;
        ctx.res.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        return void ctx.res.end(page);
      }
      await route.handler(ctx.req, ctx.res, ctx.params);
    },
  })),
  {
    method: 'GET',
    path: BOARD_EVENTS_PATH,
    handler: async (ctx) => {
      const route = board(ctx, BOARD_EVENTS_PATH);
      await boardIdentity(ctx);
      await route.handler(ctx.req, ctx.res, ctx.params);
    },
  },
  // The stylesheet and script say nothing about releases: the sign-in page needs them before any token.
  ...boardPaths('asset').map((path): GantryRoute => ({
    method: 'GET',
    path,
    handler: async (ctx) => board(ctx, path).handler(ctx.req, ctx.res, ctx.params),
  })),
  {
    // Sign-in: board.js sends the pasted token as a bearer header; a verified one becomes the board's cookie.
    method: 'POST',
    path: '/board/session',
    handler: async (ctx) => {
      board(ctx, '/board');
      const identity = await requireIdentity(ctx);
      const token = bearerToken(ctx.req.headers);
      if (token) ctx.res.setHeader('set-cookie', cookie(ctx, token));
      sendJson(ctx.res, 200, { person: identity.person ?? null, via: identity.via });
    },
  },
  {
    method: 'DELETE',
    path: '/board/session',
    handler: (ctx) => {
      ctx.res.setHeader('set-cookie', cookie(ctx, '', 0));
      sendJson(ctx.res, 200, { signedOut: true });
    },
  },
];
