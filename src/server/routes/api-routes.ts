import { describeIdentity, handleAuthConfig } from '../../auth/auth-handlers';
import type { DecisionKind } from '../../client/gantry-client';
import { readJson, sendJson, sendText } from '../http-io';
import { requireIdentity, type GantryContext, type GantryRoute } from './gantry-app';

/** A handler answering `status` with what `answer` returns, as JSON. */
const json =
  (status: number, answer: (ctx: GantryContext) => Promise<unknown>) =>
  async (ctx: GantryContext): Promise<void> =>
    sendJson(ctx.res, status, await answer(ctx));

/** The person a body names (legacy `requestedBy`/`by`): trusted only by the embedded loopback mode. */
const named = (body: unknown, field: 'requestedBy' | 'by' | 'triggeredBy'): string | undefined => {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value : undefined;
};

/** A JSON body and who sent it: the identity comes from the credentials, the body's name only on loopback. */
async function bodyAndIdentity(ctx: GantryContext, field: 'requestedBy' | 'by' | 'triggeredBy') {
  const body = await readJson(ctx.req);
  return { body, identity: await requireIdentity(ctx, named(body, field)) };
}

const decide = (kind: DecisionKind) =>
  json(200, async (ctx) => {
    const { body, identity } = await bodyAndIdentity(ctx, 'by');
    return ctx.app.api.decide(ctx.params.service ?? '', ctx.params.environment ?? '', kind, body, identity);
  });

/**
 * The release API behind the CLI (`src/cli/api-client.ts`). Every /api route but the public auth config is
 * authenticated: the server's guard asks requireIdentity before the handler runs (src/server/http-server.ts).
 */
export const apiRoutes: GantryRoute[] = [
  {
    method: 'GET',
    path: '/api/auth/config',
    public: true,
    handler: ({ app, res }) => sendJson(res, 200, handleAuthConfig(app.auth.settings).body),
  },
  {
    method: 'GET',
    path: '/api/whoami',
    handler: json(200, async (ctx) => describeIdentity(await requireIdentity(ctx), ctx.app.api.catalog)),
  },
  {
    method: 'GET',
    path: '/api/releases',
    handler: json(200, ({ app, url }) => app.api.listReleases(url.searchParams)),
  },
  {
    method: 'POST',
    path: '/api/releases',
    handler: json(202, async (ctx) => {
      const { body, identity } = await bodyAndIdentity(ctx, 'requestedBy');
      return ctx.app.api.requestRelease(body, identity);
    }),
  },
  // What runs healthy where (`gantry list --by-service`): the same digest travelling dev → test → pre → prod.
  { method: 'GET', path: '/api/deployments', handler: json(200, ({ app }) => app.api.deployedImages()) },
  {
    method: 'GET',
    path: '/api/previews/:service/:iid',
    handler: json(200, ({ app, params: p }) => app.api.previewProgress(p.service ?? '', p.iid ?? '')),
  },
  {
    method: 'GET',
    path: '/api/releases/:service/:environment',
    handler: json(200, ({ app, params: p }) => app.api.releaseProgress(p.service ?? '', p.environment ?? '')),
  },
  {
    method: 'GET',
    path: '/api/releases/:service/:environment/audit',
    handler: json(200, ({ app, params: p }) => app.api.audit(p.service ?? '', p.environment ?? '')),
  },
  { method: 'POST', path: '/api/releases/:service/:environment/approve', handler: decide('approve') },
  { method: 'POST', path: '/api/releases/:service/:environment/promote', handler: decide('promote') },
  { method: 'POST', path: '/api/releases/:service/:environment/rollback', handler: decide('rollback') },
  { method: 'POST', path: '/api/releases/:service/:environment/abort', handler: decide('abort') },
  {
    method: 'POST',
    path: '/api/pipelines',
    handler: json(202, async (ctx) => {
      const { body, identity } = await bodyAndIdentity(ctx, 'triggeredBy');
      return ctx.app.api.startPipeline(body, identity);
    }),
  },
  {
    method: 'GET',
    path: '/api/pipelines/:service/:environment/:commit',
    handler: json(200, ({ app, params: p }) =>
      app.api.pipelineProgress(p.service ?? '', p.environment ?? '', p.commit ?? ''),
    ),
  },
  {
    method: 'GET',
    path: '/api/logs/:id*',
    handler: async ({ app, res, params }) => sendText(res, 200, await app.api.readLog(params.id ?? '')),
  },
];
