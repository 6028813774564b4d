"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.formatAuditEntry = formatAuditEntry;
/**
 * One line per request or decision: when, what, the acting person, and how they were authenticated, e.g.
 * `2025-03-04T10:00:01.000Z  approve   bob  via oidc (oidc:user-7)  "INC-42 hotfix"`.
 */
function formatAuditEntry(e) {
    const how = e.actor ? `via ${e.actor.via} (${e.actor.subject})` : 'via (not recorded)';
    const what = e.action === 'request' && e.image ? `  ${e.image}` : '';
    const why = e.reason ? `  ${JSON.stringify(e.reason)}` : '';
    return `${e.at}  ${e.action.padEnd(8)}  ${e.by}  ${how}${what}${why}`;
}
//# sourceMappingURL=format-audit.js.map