"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.feishuRoutes = void 0;
exports.createFeishuCallback = createFeishuCallback;
const release_card_1 = require("../../integrations/feishu/release-card");
const feishu_callback_1 = require("../feishu-callback");
const http_io_1 = require("../http-io");
/** Feishu card-button callbacks; without Feishu configured the path is unknown. */
exports.feishuRoutes = [
    {
        method: 'POST',
        path: '/hooks/feishu/card',
        handler: async ({ app, req, res, url }) => {
            if (!app.feishu)
                throw new http_io_1.HttpError(404, `no route for POST ${url.pathname}`);
            const { status, body } = await app.feishu(await (0, http_io_1.readBody)(req), req.headers);
            (0, http_io_1.sendJson)(res, status, body);
        },
    },
];
/** The card-button callback, when Feishu is the notifier: the same people and links as the cards it answers. */
function createFeishuCallback(settings, catalog, gantry) {
    const feishu = settings.integrations.notifier;
    if (feishu.kind !== 'feishu')
        return undefined;
    const links = {
        uiUrl: settings.temporal.uiUrl,
        apiUrl: settings.http.publicUrl,
        namespace: settings.temporal.namespace,
    };
    return (0, feishu_callback_1.createFeishuCallbackHandler)({
        verificationToken: feishu.verificationToken,
        encryptKey: feishu.encryptKey,
        decide: (...args) => gantry.decide(...args),
        progress: (...args) => gantry.releaseProgress(...args),
        people: catalog.people,
        renderCard: (progress) => (0, release_card_1.renderReleaseCard)(progress, links),
    });
}
//# sourceMappingURL=feishu-routes.js.map