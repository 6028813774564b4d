"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.apiRoutes = void 0;
const auth_handlers_1 = require("../../auth/auth-handlers");
const http_io_1 = require("../http-io");
const gantry_app_1 = require("./gantry-app");
/** A handler answering `status` with what `answer` returns, as JSON. */
const json = (status, answer) => async (ctx) => (0, http_io_1.sendJson)(ctx.res, status, await answer(ctx));
/** The person a body names (legacy `requestedBy`/`by`): trusted only by the embedded loopback mode. */
const named = (body, field) => {
    const value = typeof body === 'object' && body !== null ? body[field] : undefined;
    return typeof value === 'string' ? value : undefined;
};
/** A JSON body and who sent it: the identity comes from the credentials, the body's name only on loopback. */
async function bodyAndIdentity(ctx, field) {
    const body = await (0, http_io_1.readJson)(ctx.req);
    return { body, identity: await (0, gantry_app_1.requireIdentity)(ctx, named(body, field)) };
}
const decide = (kind) => json(200, async (ctx) => {
    const { body, identity } = await bodyAndIdentity(ctx, 'by');
    return ctx.app.api.decide(ctx.params.service ?? '', ctx.params.environment ?? '', kind, body, identity);
});
/**
 * The release API behind the CLI (`src/cli/api-client.ts`). Every /api route but the public auth config is
 * authenticated: the server's guard asks requireIdentity before the handler runs (src/server/http-server.ts).
 */
exports.apiRoutes = [
    {
        method: 'GET',
        path: '/api/auth/config',
        public: true,
        handler: ({ app, res }) => (0, http_io_1.sendJson)(res, 200, (0, auth_handlers_1.handleAuthConfig)(app.auth.settings).body),
    },
    {
        method: 'GET',
        path: '/api/whoami',
        handler: json(200, async (ctx) => (0, auth_handlers_1.describeIdentity)(await (0, gantry_app_1.requireIdentity)(ctx), ctx.app.api.catalog)),
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
        handler: json(200, ({ app, params: p }) => app.api.pipelineProgress(p.service ?? '', p.environment ?? '', p.commit ?? '')),
    },
    {
        method: 'GET',
        path: '/api/logs/:id*',
        handler: async ({ app, res, params }) => (0, http_io_1.sendText)(res, 200, await app.api.readLog(params.id ?? '')),
    },
];
//# sourceMappingURL=api-routes.js.map