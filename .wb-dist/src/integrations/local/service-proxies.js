"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createServiceProxies = createServiceProxies;
const weighted_proxy_1 = require("./weighted-proxy");
/** One weighted proxy per service and environment, on the service's stable port, kept in this process. */
function createServiceProxies(publicPortOf) {
    const proxies = new Map();
    const keyOf = (ref) => `${ref.environment}/${ref.service}`;
    return {
        /** Points the service's port at its tracks; null (nothing runs) closes it. Idempotent: syncs call it every time. */
        async apply(ref, route) {
            const current = proxies.get(keyOf(ref));
            if (route === null || (route.stablePort === null && route.grayPort === null)) {
                if (current) {
                    proxies.delete(keyOf(ref));
                    await current.close();
                }
                return;
            }
            if (current) {
                current.setRoute(route);
                return;
            }
            proxies.set(keyOf(ref), await (0, weighted_proxy_1.startWeightedProxy)({ port: publicPortOf(ref), route }));
        },
        async closeAll() {
            const all = [...proxies.values()];
            proxies.clear();
            await Promise.all(all.map((p) => p.close()));
        },
    };
}
//# sourceMappingURL=service-proxies.js.map