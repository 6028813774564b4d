import type { ScanAllowEntry, Severity } from '../config/catalog-schema';
import type { ScanFinding } from '../ports/image-scanner';

export interface AllowedFinding extends ScanFinding {
  reason: string;
  until: string;
}

export interface ScanVerdict {
  /** Findings at a failOn severity with no valid allow-list entry: they fail the gate. */
  blocking: ScanFinding[];
  /** Findings an allow-list entry accepts today. */
  allowed: AllowedFinding[];
  /** Findings whose only allow-list entry has expired (also in blocking when their severity fails the gate). */
  expired: (ScanFinding & { until: string })[];
  /** Everything else: listed in the log, never failing. */
  reported: ScanFinding[];
}

/**
 * Applies an environment's policy to a scan: a finding blocks when its severity is in failOn and no allow-list
 * entry for it (and this service) is still valid on `today` (YYYY-MM-DD, UTC; `until` is inclusive).
 */
export function evaluateScan(
  findings: ScanFinding[],
  policy: { failOn: readonly Severity[]; allow: readonly ScanAllowEntry[]; service: string; today: string },
): ScanVerdict {
  const verdict: ScanVerdict = { blocking: [], allowed: [], expired: [], reported: [] };
  for (const finding of findings) {
    const entries = policy.allow.filter(
      (e) => e.id === finding.id && (!e.services || e.services.includes(policy.service)),
    );
    const valid = entries.find((e) => e.until >= policy.today);
    if (valid) {
      verdict.allowed.push({ ...finding, reason: valid.reason, until: valid.until });
      continue;
    }
    const lapsed = entries.sort((a, b) => b.until.localeCompare(a.until))[0];
    if (lapsed) verdict.expired.push({ ...finding, until: lapsed.until });
    if (policy.failOn.includes(finding.severity)) verdict.blocking.push(finding);
    else verdict.reported.push(finding);
  }
  return verdict;
}

/** One line per finding, for the log and the error report. */
export function describeFinding(f: ScanFinding): string {
  const fix = f.fixedVersion ? ` (fixed in ${f.fixedVersion})` : '';
  return `${f.severity} ${f.kind} ${f.id} at ${f.location}: ${f.title}${fix}`;
}
