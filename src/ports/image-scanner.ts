import type { Severity } from '../config/catalog-schema';

/** One thing the scanner found in an image: a vulnerable package or a secret in a file. */
export interface ScanFinding {
  kind: 'vulnerability' | 'secret';
  /** CVE/GHSA id for a vulnerability, the rule id (e.g. aws-access-key-id) for a secret: what allow-lists name. */
  id: string;
  severity: Severity;
  title: string;
  /** Where: the package (name@version) or the file (path:line) inside the image. */
  location: string;
  /** For a vulnerability, the version that fixes it when one exists. */
  fixedVersion?: string;
}

export interface ImageScanRequest {
  executionId: string;
  service: string;
  /** The pinned image the pipeline built (repository@sha256:…). */
  image: string;
  scanners: ('vuln' | 'secret')[];
  timeoutMs: number;
  logId: string;
}

export interface ImageScanReport {
  findings: ScanFinding[];
  /** Scanners that did not run, with why (e.g. no vulnerability database on this machine). */
  skipped: { scanner: 'vuln' | 'secret'; reason: string }[];
  /** The scanner's name and version, for the log and the report. */
  scanner: string;
}

export interface ImageScanner {
  scan(req: ImageScanRequest, io: { signal: AbortSignal; heartbeat: () => void }): Promise<ImageScanReport>;
}
