import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { GantryClient } from '../client/gantry-client';
import type { Catalog } from '../config/catalog-schema';
import { parseDuration } from '../config/duration';
import type { LogStore } from '../ports/log-store';
import { createApiRoutes } from './api-routes';
import { HttpError, parseJson, readBody, sendJson, sendText } from './http-io';
import type { FeishuCallback } from './feishu-route';
import { findStuckReleases } from './stuck-releases';
import { createWebhookRoutes, readHookBody } from './webhook-routes';

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
  log?: (line: string) => void;
}

const BODY_LIMIT = 1024 * 1024;
const DECISIONS = new Set(['approve', 'promote', 'rollback', 'abort']);

/** Webhooks and the release API. Answers fast: every long-running thing is a workflow. */
export function createHttpServer(deps: HttpServerDeps): Server {
  const api = createApiRoutes(deps);
  const hooks = createWebhookRoutes(deps);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gantry');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    const json = async () => parseJson(await readBody(req, BODY_LIMIT), req);

    if (method === 'GET' && url.pathname === '/healthz') return sendText(res, 200, 'ok');

    if (method === 'POST' && (url.pathname === '/hooks/gitlab' || url.pathname === '/hooks/github')) {
      const hook = url.pathname === '/hooks/gitlab' ? hooks.gitlab : hooks.github;
      const { status, body } = await hook(req, await readHookBody(req, BODY_LIMIT));
      return sendJson(res, status, body);
    }

    if (method === 'POST' && url.pathname === '/hooks/feishu/card' && deps.feishuCallback) {
      const { status, body } = await deps.feishuCallback(await readHookBody(req, BODY_LIMIT), req.headers);
      return sendJson(res, status, body);
    }

    if (parts[0] === 'api' && parts[1] === 'releases') {
      if (parts.length === 2 && method === 'POST') return sendJson(res, 202, await api.requestRelease(await json()));
      if (parts.length === 2 && method === 'GET') {
        const filter = url.searchParams.get('filter') ?? 'running';
        if (filter === 'stuck') {
          const olderThan = parseDuration(url.searchParams.get('olderThan') ?? '15m') ?? 900_000;
          return sendJson(res, 200, await findStuckReleases(deps.gantry, olderThan));
        }
        if (filter !== 'running' && filter !== 'waiting' && filter !== 'all')
          throw new HttpError(400, `unknown filter ${filter}`);
        return sendJson(res, 200, await deps.gantry.listReleases(filter));
      }
      const [, , service, environment, action] = parts;
      if (service && environment && parts.length === 4 && method === 'GET') {
        return sendJson(res, 200, await deps.gantry.releaseProgress(service, environment));
      }
      if (service && environment && action && DECISIONS.has(action) && method === 'POST') {
        const kind = action as 'approve' | 'promote' | 'rollback' | 'abort';
        return sendJson(res, 200, await api.decide(service, environment, kind, await json()));
      }
    }

    if (parts[0] === 'api' && parts[1] === 'pipelines') {
      if (parts.length === 2 && method === 'POST') return sendJson(res, 202, await api.startPipeline(await json()));
      const [, , service, environment, commit] = parts;
      if (service && environment && commit && method === 'GET') {
        return sendJson(res, 200, await deps.gantry.pipelineProgress(service, environment, commit));
      }
    }

    if (parts[0] === 'api' && parts[1] === 'logs' && parts.length > 2 && method === 'GET') {
      const text = await deps.logs.read(parts.slice(2).join('/'));
      if (!text) throw new HttpError(404, 'no such log');
      return sendText(res, 200, text);
    }

    throw new HttpError(404, `no route for ${method} ${url.pathname}`);
  }

  function fail(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    // The client went away mid-request (aborted upload, reset): nobody to answer.
    if (req.destroyed && !req.complete) return void res.destroy();
    if (res.headersSent) return void res.end();
    // A refused body may still be streaming in: close instead of draining it.
    if (err instanceof HttpError && err.status === 413) res.setHeader('connection', 'close');
    if (err instanceof HttpError) return sendJson(res, err.status, { error: err.message });
    if (err instanceof URIError) return sendJson(res, 400, { error: 'malformed URL' });
    if (err instanceof WorkflowNotFoundError) return sendJson(res, 404, { error: 'no such release or pipeline' });
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
