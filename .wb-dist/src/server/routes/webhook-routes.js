"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.webhookRoutes = void 0;
const temporal_guard_1 = require("../../client/temporal-guard");
const http_io_1 = require("../http-io");
const hook = (source) => async ({ app, req, res }) => {
    const { status, body } = await app.hooks[source](req, await (0, http_io_1.readBody)(req));
    // 503 means "Temporal could not take it now": both senders retry, sooner with a hint.
    if (status === 503)
        res.setHeader('retry-after', String(temporal_guard_1.RETRY_AFTER_SECONDS));
    (0, http_io_1.sendJson)(res, status, body);
};
/** Push webhooks: GitLab and GitHub deliveries start CI (`src/server/push-webhooks.ts`). */
exports.webhookRoutes = [
    { method: 'POST', path: '/hooks/gitlab', handler: hook('gitlab') },
    { method: 'POST', path: '/hooks/github', handler: hook('github') },
];
//# sourceMappingURL=webhook-routes.js.map