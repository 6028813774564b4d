import type { Catalog } from '../config/catalog-schema';
import { resolveRepoUrl } from '../config/settings';
import { branchFor } from '../domain/naming';

export interface PushTarget {
  service: string;
  environment: string;
}

const normalize = (url: string): string =>
  url
    .trim()
    .toLowerCase()
    .replace(/\.git\/?$/, '')
    .replace(/\/+$/, '');

/** The catalog's services built from the repository an event names (by URL, or GitLab's path with namespace). */
export function servicesOfRepo(
  catalog: Catalog,
  repoBase: string,
  event: { repoUrls: string[]; pathWithNamespace?: string },
): [string, Catalog['services'][string]][] {
  const urls = event.repoUrls.filter(Boolean).map(normalize);
  const path = event.pathWithNamespace ? normalize(event.pathWithNamespace) : undefined;
  return Object.entries(catalog.services).filter(([, spec]) => {
    const url = normalize(resolveRepoUrl(spec.repo, repoBase));
    return urls.includes(url) || (path !== undefined && (url.endsWith(`/${path}`) || url.endsWith(`:${path}`)));
  });
}

/** The repo + branch → service + environment mapping, straight from the catalog's naming and branch rules. */
export function routePush(
  catalog: Catalog,
  repoBase: string,
  push: { repoUrls: string[]; pathWithNamespace?: string; branch: string },
): PushTarget[] | { ignored: string } {
  const services = servicesOfRepo(catalog, repoBase, push);
  if (services.length === 0)
    return {
      ignored: `no service in the catalog uses repository ${push.pathWithNamespace ?? push.repoUrls.filter(Boolean).map(normalize)[0] ?? '?'}`,
    };
  const targets: PushTarget[] = [];
  for (const [service, spec] of services) {
    for (const [environment, env] of Object.entries(catalog.environments)) {
      if (branchFor(spec, environment, env) === push.branch) targets.push({ service, environment });
    }
  }
  if (targets.length === 0) return { ignored: `branch ${push.branch} is not mapped to any environment` };
  return targets;
}
