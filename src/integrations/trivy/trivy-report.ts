import { SEVERITIES, type Severity } from '../../config/catalog-schema';
import type { ScanFinding } from '../../ports/image-scanner';

/** The parts of trivy's `--format json` report (schema version 2) the gate uses. */
interface TrivyJson {
  SchemaVersion?: number;
  Results?: {
    Target?: string;
    Vulnerabilities?: {
      VulnerabilityID?: string;
      PkgName?: string;
      InstalledVersion?: string;
      FixedVersion?: string;
      Severity?: string;
      Title?: string;
    }[];
    Secrets?: { RuleID?: string; Severity?: string; Title?: string; StartLine?: number }[];
  }[];
}

const severity = (value: string | undefined): Severity =>
  SEVERITIES.includes(value as Severity) ? (value as Severity) : 'UNKNOWN';

/** Findings from trivy's JSON report; a target with no findings contributes nothing. */
export function parseTrivyReport(text: string): ScanFinding[] {
  let report: TrivyJson;
  try {
    report = JSON.parse(text) as TrivyJson;
  } catch (err) {
    throw new Error(`trivy report is not JSON: ${(err as Error).message}`);
  }
  if (report.SchemaVersion !== 2) throw new Error(`trivy report schema ${String(report.SchemaVersion)}, expected 2`);
  const findings: ScanFinding[] = [];
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
  return findings.sort((a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity));
}
