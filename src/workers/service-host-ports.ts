import type { Catalog } from '../config/catalog-schema';
import type { DeployRef } from '../ports/deploy-target';
import { previewIidOf, type Track } from '../domain/naming';

/** Port pairs for preview environments (stable and gray each), after the services' blocks. */
export const PREVIEW_SLOTS = 32;

/**
 * Host ports for the local deploy target: each service gets a block of 8 (4 environments × stable/gray), in
 * the order of service names, so a port never changes while the catalog keeps its services.
 */
export function hostPortOf(catalog: Catalog, basePort: number): (ref: DeployRef, track: Track) => number {
  const services = Object.keys(catalog.services).sort();
  const environments = Object.keys(catalog.environments);
  const previewBase = basePort + services.length * 8;
  return (ref, track) => {
    const s = services.indexOf(ref.service);
    const iid = previewIidOf(ref.environment);
    if (iid !== undefined && s >= 0 && !catalog.environments[ref.environment]) {
      // After the services' blocks: PREVIEW_SLOTS pairs shared by every preview (merge requests whose iids differ
      // by a multiple of the slot count would share a port; few are open at once).
      const slot = (s * 7 + iid) % PREVIEW_SLOTS;
      return previewBase + slot * 2 + (track === 'gray' ? 1 : 0);
    }
    const e = environments.indexOf(ref.environment);
    if (s < 0 || e < 0) throw new Error(`no local port for ${ref.service}/${ref.environment}: not in the catalog`);
    return basePort + s * 8 + (e % 4) * 2 + (track === 'gray' ? 1 : 0);
  };
}
