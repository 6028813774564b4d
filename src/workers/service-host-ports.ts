import type { Catalog } from '../config/catalog-schema';
import type { DeployRef } from '../ports/deploy-target';
import { previewIidOf, type Track } from '../domain/naming';

/** Port pairs for preview environments (stable and gray each), after the services' blocks. */
export const PREVIEW_SLOTS = 32;

/** The preview port pairs: `slots` pairs from `first` (stable even, gray odd offset). */
export function previewPortRange(catalog: Catalog, basePort: number): { first: number; slots: number } {
  return { first: basePort + Object.keys(catalog.services).length * 8, slots: PREVIEW_SLOTS };
}

/**
 * The slot a preview prefers, spread by service and iid. Only a preference: merge requests whose iids differ by a
 * multiple of the slot count share it, so the local deploy target allocates the actual pair (preview-ports.ts).
 */
export function preferredPreviewSlot(catalog: Catalog, ref: DeployRef): number {
  const s = Object.keys(catalog.services).sort().indexOf(ref.service);
  return (Math.max(0, s) * 7 + (previewIidOf(ref.environment) ?? 0)) % PREVIEW_SLOTS;
}

/**
 * Host ports for the local deploy target: each service gets a block of 8 (4 environments × stable/gray), in
 * the order of service names, so a port never changes while the catalog keeps its services.
 */
export function hostPortOf(catalog: Catalog, basePort: number): (ref: DeployRef, track: Track) => number {
  const services = Object.keys(catalog.services).sort();
  const environments = Object.keys(catalog.environments);
  const { first } = previewPortRange(catalog, basePort);
  return (ref, track) => {
    const s = services.indexOf(ref.service);
    const iid = previewIidOf(ref.environment);
    if (iid !== undefined && s >= 0 && !catalog.environments[ref.environment]) {
      // A preview the target did not allocate a pair for (one started before allocation existed): its preference.
      return first + preferredPreviewSlot(catalog, ref) * 2 + (track === 'gray' ? 1 : 0);
    }
    const e = environments.indexOf(ref.environment);
    if (s < 0 || e < 0) throw new Error(`no local port for ${ref.service}/${ref.environment}: not in the catalog`);
    return basePort + s * 8 + (e % 4) * 2 + (track === 'gray' ? 1 : 0);
  };
}
