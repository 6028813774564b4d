import type { Actor } from '../domain/actor';
import { CI_PRINCIPAL } from '../domain/permissions';
import type { Identity } from './identity';

/** Who an authenticated caller is in the audit trail: subject, catalog person, and how they came in. */
export function actorOf(identity: Identity): Actor {
  const via =
    identity.via === 'token' ? 'api-token' : identity.via === 'oidc' && identity.cliLogin ? 'cli' : identity.via;
  return identity.person === undefined
    ? { subject: identity.subject, via }
    : { subject: identity.subject, person: identity.person, via };
}

/**
 * The principal the permission rules decide with: the catalog person; a service token with the `ci` role acts as
 * `ci` (what catalogs list for automatic releases); any other service account as `service:<name>`, which no rule
 * lists, so it may read but not decide.
 */
export function principalOf(identity: Identity): string {
  if (identity.person !== undefined) return identity.person;
  if (identity.roles?.includes(CI_PRINCIPAL)) return CI_PRINCIPAL;
  return `service:${identity.service ?? identity.subject}`;
}
