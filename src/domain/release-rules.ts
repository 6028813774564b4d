import type { Catalog } from '../config/catalog-schema';
import { isPermitted, resolvePrincipals } from './permissions';

/**
 * Who may do what to a release: the one copy of each rule. The workflow's gates and update validators decide
 * with these, and the API refuses with them before anything starts (issue 8), so both always agree. Pure and
 * deterministic: safe in workflow code.
 */

/** The people lists of one service in one environment, roles resolved (the release plan carries them). */
export interface ReleasePeople {
  environment: string;
  /** Person ids, "*" (anyone known) or "ci". */
  releasers: string[];
  approvers: string[];
  emergencyApprovers: string[];
  knownUsers: string[];
}

/** The catalog's lists for a service and environment (an unknown environment permits nobody). */
export function releasePeople(catalog: Catalog, service: string, environment: string): ReleasePeople {
  const env = catalog.environments[environment];
  const resolve = (principals: string[] | undefined) => resolvePrincipals(catalog, service, principals ?? []);
  return {
    environment,
    releasers: resolve(env?.releasers),
    approvers: resolve(env?.approvers),
    emergencyApprovers: resolve(env?.emergencyApprovers),
    knownUsers: Object.keys(catalog.people),
  };
}

/** The rule that refused: `releasers`, `approvers`, `emergency-approvers` lists, or the two-person rule. */
export type PermissionRule = 'releasers' | 'approvers' | 'emergency-approvers' | 'two-person';

export interface Refusal {
  rule: PermissionRule;
  message: string;
}

function oneOf(rule: PermissionRule, allowed: string[], who: string, what: string, people: ReleasePeople) {
  if (isPermitted(allowed, who, people.knownUsers)) return undefined;
  return { rule, message: `${who} may not ${what}; allowed: ${allowed.join(', ') || 'nobody'}` };
}

/** Releasers start releases; a rollback release (a known-good image straight to full) is for approvers. */
export function mayRequest(
  people: ReleasePeople,
  who: string,
  kind: 'release' | 'rollback',
  service: string,
): Refusal | undefined {
  const to = `${service} to ${people.environment}`;
  return kind === 'rollback'
    ? oneOf('approvers', people.approvers, who, `roll back ${to}`, people)
    : oneOf('releasers', people.releasers, who, `release ${to}`, people);
}

/** An emergency needs a second person: never the requester, and one of the emergency approvers. */
export function mayApproveEmergency(people: ReleasePeople, requestedBy: string, who: string): Refusal | undefined {
  if (who === requestedBy) {
    return {
      rule: 'two-person',
      message: `${who} requested this release and cannot approve it too: a second person must`,
    };
  }
  return oneOf(
    'emergency-approvers',
    people.emergencyApprovers,
    who,
    `approve emergencies in ${people.environment}`,
    people,
  );
}

export function mayPromote(people: ReleasePeople, who: string): Refusal | undefined {
  return oneOf('approvers', people.approvers, who, `promote in ${people.environment}`, people);
}

/** Abort or roll back: the requester may always stop their own release; otherwise approvers decide. */
export function mayStop(
  people: ReleasePeople,
  requestedBy: string,
  who: string,
  what: 'abort' | 'roll back',
): Refusal | undefined {
  if (who === requestedBy) return undefined;
  return oneOf('approvers', people.approvers, who, `${what} in ${people.environment}`, people);
}
