import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { GantryClient } from '../client/gantry-client';
import type { Board } from '../board/gantry-board';
import { createAuthenticator } from '../auth/authenticator';
import { authSettingsSchema, toAuthSettings } from '../config/auth-settings';
import type { Catalog } from '../config/catalog-schema';
import type { LogStore } from '../ports/log-store';
import {
  isConnectionFailure,
  RETRY_AFTER_SECONDS,
  TemporalUnavailable,
  type TemporalGuard,
} from '../client/temporal-guard';
import { HttpError, sendJson } from './http-io';
import { createPushWebhooks } from './push-webhooks';
import { createReleaseApi } from './release-api';
import { createRouter } from './router';
import { apiRoutes } from './routes/api-routes';
import { boardRoutes } from './routes/board-routes';
import { feishuRoutes, type FeishuCallback } from './routes/feishu-routes';
import { requireIdentity, type GantryApp, type GantryAuth, type GantryRoute } from './routes/gantry-app';
import { livenessRoute } from './routes/ops-routes';
import { webhookRoutes } from './routes/webhook-routes';

export interface HttpServerDeps {
  gantry: GantryClient;
  catalog: Catalog;
  logs: LogStore;
  gitlabToken: string;
  /** HMAC secret of the GitHub webhook; empty refuses GitHub deliveries. */
  githubSecret: string;
  repoBase: string;
  /** Feishu card-button callbacks (POST /hooks/feishu/card), when Feishu is configured. */
  feishuCallback?: FeishuCallback;
  /** The release board (createGantryBoard); whoever made it closes it on shutdown. */
  board?: Board;
  /**
   * Who is calling (createAuthenticator in main). Omitted: the embedded loopback mode with no token store, which
   * trusts a named person only from a loopback peer (tests, tools).
   */
  auth?: GantryAuth;
  /** Temporal reachability (createTemporalGuard): /api and /hooks answer 503 + Retry-After fast while it is down. */
  temporal?: TemporalGuard;
  log?: (line: string) => void;
}

/** Every route of the API server, by concern. Adding a route is one line in one of these files. */
const GANTRY_ROUTES: readonly GantryRoute[] = [
  livenessRoute,
  ...webhookRoutes,
  ...feishuRoutes,
  ...apiRoutes,
  ...boardRoutes,
];

const router = createRouter(GANTRY_ROUTES);

/** A request → its route template, the metrics label (never a raw path: scanners would create a series per URL). */
export const gantryRouteOf = (_method: string, pathname: string): string =>
  router.templateOf(pathname) ?? (pathname.startsWith('/hooks/') ? '/hooks/:unknown' : 'unmatched');

/** The embedded loopback mode without a token store: a named person, trusted only from a loopback peer. */
function loopbackAuth(catalog: Catalog): GantryAuth {
  const settings = { auth: toAuthSettings(authSettingsSchema.parse({}), ''), http: LOOPBACK_HTTP };
  settings.auth.tokenStorePath = '';
  return { authenticator: createAuthenticator({ settings, catalog }), settings };
}
const LOOPBACK_HTTP = { host: '127.0.0.1', port: 0, publicUrl: 'http://127.0.0.1' };

/** Webhooks and the release API. Answers fast: every long-running thing is a workflow. */
export function createHttpServer(deps: HttpServerDeps): Server {
  const app: GantryApp = {
    api: createReleaseApi(deps),
    hooks: createPushWebhooks(deps),
    feishu: deps.feishuCallback,
    board: deps.board,
    auth: deps.auth ?? loopbackAuth(deps.catalog),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gantry');
    const method = req.method ?? 'GET';
    const found = router.find(method, url.pathname);
    if (found.status === 405) res.setHeader('allow', found.allow.join(', '));
    if (found.status !== 200) throw new HttpError(found.status, `no route for ${method} ${url.pathname}`);
    const ctx = { req, res, url, params: found.params, app };
    // The guard no /api route can forget: in the shared mode none runs without a verified bearer token (but the
    // public auth config). On loopback, reads are checked here and writes in their handler, where the body's
    // legacy name is known. Webhooks check their own signatures; the board asks requireIdentity itself.
    const shared = !app.auth.authenticator.trustsNamedIdentity;
    const read = method === 'GET' || method === 'HEAD';
    if (url.pathname.startsWith('/api/') && !found.route.public && (shared || read)) await requireIdentity(ctx);
    const usesTemporal = !found.route.public && /^\/(api|hooks)\//.test(url.pathname);
    if (deps.temporal && usesTemporal) return deps.temporal.run(async () => found.route.handler(ctx));
    await found.route.handler(ctx);
  }

  function fail(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    // The client went away mid-request (aborted upload, reset): nobody to answer.
    if (req.destroyed && !req.complete) return void res.destroy();
    if (res.headersSent) return void res.end();
    // A refused body may still be streaming in: close instead of draining it.
    if (err instanceof HttpError && err.status === 413) res.setHeader('connection', 'close');
    if (err instanceof HttpError) return sendJson(res, err.status, { error: err.message, ...err.details });
    if (err instanceof URIError) return sendJson(res, 400, { error: 'malformed URL' });
    if (err instanceof WorkflowNotFoundError) return sendJson(res, 404, { error: 'no such release or pipeline' });
    if (isConnectionFailure(err)) {
      // Temporal is down (or unreachable): a retry later will work, unlike after a 500.
      const seconds = err instanceof TemporalUnavailable ? err.retryAfterSeconds : RETRY_AFTER_SECONDS;
      res.setHeader('retry-after', String(seconds));
      const message = err instanceof TemporalUnavailable ? err.message : 'Temporal is unreachable, retry later';
      return sendJson(res, 503, { error: message });
    }
    deps.log?.(`[gantry] ${req.method} ${req.url} failed: ${err instanceof Error ? err.stack : String(err)}`);
    sendJson(res, 500, { error: err instanceof Error ? err.message : String(err) });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      try {
        fail(req, res, err);
      } catch {
        // Answering failed too (socket gone): never let it become an unhandled rejection.
        res.destroy();
      }
    });
  });
  // Requests Node cannot parse (bad framing, oversized headers) still get a one-line JSON reason.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // As Node's own handler: write nothing into a response already under way (a pipelined request gone bad).
    const inFlight = (socket as { _httpMessage?: ServerResponse })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) return socket.destroy();
    const [status, text] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout']
          : [400, 'Bad Request'];
    const body = JSON.stringify({ error: `${text.toLowerCase()}: ${err.code ?? 'unparseable request'}` });
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      () => socket.destroy(), // once flushed: a client that never closes its side must not hold the socket
    );
  });
  return server;
}
