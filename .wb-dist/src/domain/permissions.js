"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CI_PRINCIPAL = void 0;
exports.resolvePrincipals = resolvePrincipals;
exports.isPermitted = isPermitted;
/** The identity Gantry uses when CI triggers a release on its own (dev/test). */
exports.CI_PRINCIPAL = 'ci';
/**
 * Expands roles (owner, lead, release-manager) into person ids for one service. "*" (anyone known) and "ci"
 * are kept as they are, so the lists stay small and readable in workflow history.
 */
function resolvePrincipals(catalog, service, principals) {
    const spec = catalog.services[service];
    const out = new Set();
    for (const p of principals) {
        if (p === 'owner')
            spec?.owners.forEach((o) => out.add(o));
        else if (p === 'lead')
            (spec ? (catalog.teams[spec.team]?.leads ?? []) : []).forEach((l) => out.add(l));
        else if (p === 'release-manager') {
            for (const [id, person] of Object.entries(catalog.people))
                if (person.roles.includes('release-manager'))
                    out.add(id);
        }
        else
            out.add(p);
    }
    return [...out].sort();
}
/** Pure membership check, safe in workflow code. */
function isPermitted(allowed, user, knownUsers) {
    if (allowed.includes(user))
        return true;
    return allowed.includes('*') && knownUsers.includes(user);
}
//# sourceMappingURL=permissions.js.map