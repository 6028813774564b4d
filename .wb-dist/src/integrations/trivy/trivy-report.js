"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseTrivyReport = parseTrivyReport;
const catalog_schema_1 = require("../../config/catalog-schema");
const severity = (value) => catalog_schema_1.SEVERITIES.includes(value) ? value : 'UNKNOWN';
/** Findings from trivy's JSON report; a target with no findings contributes nothing. */
function parseTrivyReport(text) {
    let report;
    try {
        report = JSON.parse(text);
    }
    catch (err) {
        throw new Error(`trivy report is not JSON: ${err.message}`);
    }
    if (report.SchemaVersion !== 2)
        throw new Error(`trivy report schema ${String(report.SchemaVersion)}, expected 2`);
    const findings = [];
    for (const result of report.Results ?? []) {
        const target = result.Target ?? '?';
        for (const v of result.Vulnerabilities ?? []) {
            findings.push({
                kind: 'vulnerability',
                id: v.VulnerabilityID ?? '?',
                severity: severity(v.Severity),
                title: v.Title ?? v.VulnerabilityID ?? '',
                location: `${v.PkgName ?? '?'}@${v.InstalledVersion ?? '?'} (${target})`,
                ...(v.FixedVersion ? { fixedVersion: v.FixedVersion } : {}),
            });
        }
        for (const s of result.Secrets ?? []) {
            findings.push({
                kind: 'secret',
                id: s.RuleID ?? '?',
                severity: severity(s.Severity),
                title: s.Title ?? s.RuleID ?? '',
                location: s.StartLine ? `${target}:${s.StartLine}` : target,
            });
        }
    }
    // Highest severity first: the error report and the log lead with what matters.
    return findings.sort((a, b) => catalog_schema_1.SEVERITIES.indexOf(b.severity) - catalog_schema_1.SEVERITIES.indexOf(a.severity));
}
//# sourceMappingURL=trivy-report.js.map