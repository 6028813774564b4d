"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.releasePeople = releasePeople;
exports.mayRequest = mayRequest;
exports.mayApproveEmergency = mayApproveEmergency;
exports.mayPromote = mayPromote;
exports.mayStop = mayStop;
const permissions_1 = require("./permissions");
/** The catalog's lists for a service and environment (an unknown environment permits nobody). */
function releasePeople(catalog, service, environment) {
    const env = catalog.environments[environment];
    const resolve = (principals) => (0, permissions_1.resolvePrincipals)(catalog, service, principals ?? []);
    return {
        environment,
        releasers: resolve(env?.releasers),
        approvers: resolve(env?.approvers),
        emergencyApprovers: resolve(env?.emergencyApprovers),
        knownUsers: Object.keys(catalog.people),
    };
}
function oneOf(rule, allowed, who, what, people) {
    if ((0, permissions_1.isPermitted)(allowed, who, people.knownUsers))
        return undefined;
    return { rule, message: `${who} may not ${what}; allowed: ${allowed.join(', ') || 'nobody'}` };
}
/** Releasers start releases; a rollback release (a known-good image straight to full) is for approvers. */
function mayRequest(people, who, kind, service) {
    const to = `${service} to ${people.environment}`;
    return kind === 'rollback'
        ? oneOf('approvers', people.approvers, who, `roll back ${to}`, people)
        : oneOf('releasers', people.releasers, who, `release ${to}`, people);
}
/** An emergency needs a second person: never the requester, and one of the emergency approvers. */
function mayApproveEmergency(people, requestedBy, who) {
    if (who === requestedBy) {
        return {
            rule: 'two-person',
            message: `${who} requested this release and cannot approve it too: a second person must`,
        };
    }
    return oneOf('emergency-approvers', people.emergencyApprovers, who, `approve emergencies in ${people.environment}`, people);
}
function mayPromote(people, who) {
    return oneOf('approvers', people.approvers, who, `promote in ${people.environment}`, people);
}
/** Abort or roll back: the requester may always stop their own release; otherwise approvers decide. */
function mayStop(people, requestedBy, who, what) {
    if (who === requestedBy)
        return undefined;
    return oneOf('approvers', people.approvers, who, `${what} in ${people.environment}`, people);
}
//# sourceMappingURL=release-rules.js.map