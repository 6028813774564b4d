"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.actorOf = actorOf;
exports.principalOf = principalOf;
const permissions_1 = require("../domain/permissions");
/** Who an authenticated caller is in the audit trail: subject, catalog person, and how they came in. */
function actorOf(identity) {
    const via = identity.via === 'token' ? 'api-token' : identity.via === 'oidc' && identity.cliLogin ? 'cli' : identity.via;
    return identity.person === undefined
        ? { subject: identity.subject, via }
        : { subject: identity.subject, person: identity.person, via };
}
/**
 * The principal the permission rules decide with: the catalog person; a service token with the `ci` role acts as
 * `ci` (what catalogs list for automatic releases); any other service account as `service:<name>`, which no rule
 * lists, so it may read but not decide.
 */
function principalOf(identity) {
    if (identity.person !== undefined)
        return identity.person;
    if (identity.roles?.includes(permissions_1.CI_PRINCIPAL))
        return permissions_1.CI_PRINCIPAL;
    return `service:${identity.service ?? identity.subject}`;
}
//# sourceMappingURL=actor.js.map