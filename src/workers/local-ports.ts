import type { Catalog } from '../config/catalog-schema';
import type { DeployRef } from '../ports/deploy-target';
import type { Track } from '../domain/naming';

/**
 * Host ports for the local deploy target: each service gets a block of 8 (4 environments × stable/gray), in
 * the order of service names, so a port never changes while the catalog keeps its services.
 */
export function localPortOf(catalog: Catalog, basePort: number): (ref: DeployRef, track: Track) => number {
  const services = Object.keys(catalog.services).sort();
  const environments = Object.keys(catalog.environments);
  return (ref, track) => {
    const s = services.indexOf(ref.service);
    const e = environments.indexOf(ref.environment);
    if (s < 0 || e < 0) throw new Error(`no local port for ${ref.service}/${ref.environment}: not in the catalog`);
    return basePort + s * 8 + (e % 4) * 2 + (track === 'gray' ? 1 : 0);
  };
}
