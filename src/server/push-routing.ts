import type { Catalog } from '../config/catalog-schema';
import { resolveRepoUrl } from '../config/settings';
import { defaultBranchFor } from '../domain/naming';

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

/** The repo + branch → service + environment mapping, straight from the catalog's naming and branch rules. */
export function routePush(
  catalog: Catalog,
  repoBase: string,
  push: { repoUrls: string[]; pathWithNamespace?: string; branch: string },
): PushTarget[] | { ignored: string } {
  const urls = push.repoUrls.filter(Boolean).map(normalize);
  const path = push.pathWithNamespace ? normalize(push.pathWithNamespace) : undefined;
  const services = Object.entries(catalog.services).filter(([, spec]) => {
    const url = normalize(resolveRepoUrl(spec.repo, repoBase));
    return urls.includes(url) || (path !== undefined && (url.endsWith(`/${path}`) || url.endsWith(`:${path}`)));
  });
  if (services.length === 0)
    return { ignored: `no service in the catalog uses repository ${push.pathWithNamespace ?? urls[0] ?? '?'}` };
  const targets: PushTarget[] = [];
  for (const [service, spec] of services) {
    for (const [environment, env] of Object.entries(catalog.environments)) {
      const branch = spec.branches[environment] ?? env.branch ?? defaultBranchFor(environment);
      if (branch === push.branch) targets.push({ service, environment });
    }
  }
  if (targets.length === 0) return { ignored: `branch ${push.branch} is not mapped to any environment` };
  return targets;
}
