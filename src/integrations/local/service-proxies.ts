import type { DeployRef } from '../../ports/deploy-target';
import { startWeightedProxy, type ProxyRoute, type WeightedProxy } from './weighted-proxy';

/** One weighted proxy per service and environment, on the service's stable port, kept in this process. */
export function createServiceProxies(publicPortOf: (ref: DeployRef) => number) {
  const proxies = new Map<string, WeightedProxy>();
  const keyOf = (ref: DeployRef): string => `${ref.environment}/${ref.service}`;
  return {
    /** Points the service's port at its tracks; null (nothing runs) closes it. Idempotent: syncs call it every time. */
    async apply(ref: DeployRef, route: ProxyRoute | null): Promise<void> {
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
      proxies.set(keyOf(ref), await startWeightedProxy({ port: publicPortOf(ref), route }));
    },
    async closeAll(): Promise<void> {
      const all = [...proxies.values()];
      proxies.clear();
      await Promise.all(all.map((p) => p.close()));
    },
  };
}
