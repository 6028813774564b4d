"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.evaluateScan = evaluateScan;
exports.describeFinding = describeFinding;
/**
 * Applies an environment's policy to a scan: a finding blocks when its severity is in failOn and no allow-list
 * entry for it (and this service) is still valid on `today` (YYYY-MM-DD, UTC; `until` is inclusive).
 */
function evaluateScan(findings, policy) {
    const verdict = { blocking: [], allowed: [], expired: [], reported: [] };
    for (const finding of findings) {
        const entries = policy.allow.filter((e) => e.id === finding.id && (!e.services || e.services.includes(policy.service)));
        const valid = entries.find((e) => e.until >= policy.today);
        if (valid) {
            verdict.allowed.push({ ...finding, reason: valid.reason, until: valid.until });
            continue;
        }
        const lapsed = entries.sort((a, b) => b.until.localeCompare(a.until))[0];
        if (lapsed)
            verdict.expired.push({ ...finding, until: lapsed.until });
        if (policy.failOn.includes(finding.severity))
            verdict.blocking.push(finding);
        else
            verdict.reported.push(finding);
    }
    return verdict;
}
/** One line per finding, for the log and the error report. */
function describeFinding(f) {
    const fix = f.fixedVersion ? ` (fixed in ${f.fixedVersion})` : '';
    return `${f.severity} ${f.kind} ${f.id} at ${f.location}: ${f.title}${fix}`;
}
//# sourceMappingURL=image-scan-policy.js.map