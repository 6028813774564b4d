import type { Catalog } from '../config/catalog-schema';

/** The identity Gantry uses when CI triggers a release on its own (dev/test). */
export const CI_PRINCIPAL = 'ci';

/**
 * Expands roles (owner, lead, release-manager) into person ids for one service. "*" (anyone known) and "ci"
 * are kept as they are, so the lists stay small and readable in workflow history.
 */
export function resolvePrincipals(catalog: Catalog, service: string, principals: string[]): string[] {
  const spec = catalog.services[service];
  const out = new Set<string>();
  for (const p of principals) {
    if (p === 'owner') spec?.owners.forEach((o) => out.add(o));
    else if (p === 'lead') (spec ? (catalog.teams[spec.team]?.leads ?? []) : []).forEach((l) => out.add(l));
    else if (p === 'release-manager') {
      for (const [id, person] of Object.entries(catalog.people))
        if (person.roles.includes('release-manager')) out.add(id);
    } else out.add(p);
  }
  return [...out].sort();
}

/** Pure membership check, safe in workflow code. */
export function isPermitted(allowed: readonly string[], user: string, knownUsers: readonly string[]): boolean {
  if (allowed.includes(user)) return true;
  return allowed.includes('*') && knownUsers.includes(user);
}
