import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { GantryClient } from '../client/gantry-client';
import type { Catalog } from '../config/catalog-schema';
import { parseDuration } from '../config/duration';
import type { LogStore } from '../ports/log-store';
import { createApiRoutes } from './api-routes';
import { parseGitlabPush, verifyGitlabToken } from './gitlab-push';
import { HttpError, parseJson, readBody, sendJson, sendText } from './http-io';
import { routePush } from './push-routing';
import { findStuckReleases } from './stuck-releases';

export interface HttpServerDeps {
  gantry: GantryClient;
  catalog: Catalog;
  logs: LogStore;
  gitlabToken: string;
  repoBase: string;
  log?: (line: string) => void;
}

const BODY_LIMIT = 1024 * 1024;
const DECISIONS = new Set(['approve', 'promote', 'rollback', 'abort']);

/** Webhooks and the release API. Answers fast: every long-running thing is a workflow. */
export function createHttpServer(deps: HttpServerDeps): Server {
  const api = createApiRoutes(deps);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gantry');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    const json = async () => parseJson(await readBody(req, BODY_LIMIT), req);

    if (method === 'GET' && url.pathname === '/healthz') return sendText(res, 200, 'ok');

    if (method === 'POST' && url.pathname === '/hooks/gitlab') {
      verifyGitlabToken(req, deps.gitlabToken);
      const push = parseGitlabPush(await json());
      if ('ignored' in push) return sendJson(res, 202, { ignored: push.ignored });
      const routed = routePush(deps.catalog, deps.repoBase, push);
      if ('ignored' in routed) return sendJson(res, 202, { ignored: routed.ignored });
      const started = await Promise.all(
        routed.map((t) => deps.gantry.startPipeline({ ...t, commit: push.commit, triggeredBy: push.pusher })),
      );
      deps.log?.(
        `[gantry] push ${push.branch}@${push.commit.slice(0, 12)} by ${push.pusher}: ${started.map((s) => s.workflowId).join(', ')}`,
      );
      return sendJson(res, 202, { started });
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

  return createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return res.end();
      if (err instanceof HttpError) return sendJson(res, err.status, { error: err.message });
      if (err instanceof WorkflowNotFoundError) return sendJson(res, 404, { error: 'no such release or pipeline' });
      deps.log?.(`[gantry] ${req.method} ${req.url} failed: ${(err as Error).stack ?? String(err)}`);
      sendJson(res, 500, { error: (err as Error).message });
    });
  });
}
