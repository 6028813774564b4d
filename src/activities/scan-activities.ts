import type { ScanAllowEntry, Severity } from '../config/catalog-schema';
import { describeFinding, evaluateScan, type AllowedFinding } from '../domain/image-scan-policy';
import { ErrorType, nonRetryable } from '../errors';
import type { ImageScanner, ScanFinding } from '../ports/image-scanner';
import type { LogStore } from '../ports/log-store';
import { activityIo, currentWorkflowId, executionId } from './activity-io';

export interface ScanDeps {
  /** The image scan gate's scanner (trivy); without one, catalogs that ask for a scan fail it with the reason. */
  imageScanner?: ImageScanner;
  logs: LogStore;
  /** Today's date for allow-list expiry; injectable for tests. */
  now?: () => Date;
}

/** The image scan policy of one pipeline, from the catalog (planPipeline). */
export interface ImageScanPlan {
  scanners: ('vuln' | 'secret')[];
  failOn: Severity[];
  /** Entries for this service only. */
  allow: ScanAllowEntry[];
  timeoutMs: number;
}

export interface ImageScanOutcome {
  /** Counts by outcome, and a one-line summary for the progress stage. */
  blocking: number;
  allowed: number;
  reported: number;
  summary: string;
  findings: ScanFinding[];
  accepted: AllowedFinding[];
  skipped: string[];
  logId: string;
}

const MAX_LISTED = 20;

export function createScanActivities(deps: ScanDeps) {
  return {
    /**
     * Scans the built image and applies the environment's policy: findings at a failOn severity fail the pipeline
     * (ImageScanFailed, each finding listed) unless a still-valid allow-list entry accepts them.
     */
    async scanImage(input: {
      service: string;
      environment: string;
      image: string;
      policy: ImageScanPlan;
    }): Promise<ImageScanOutcome> {
      const { signal, heartbeat } = activityIo();
      const logId = `${currentWorkflowId()}/scan`;
      if (!deps.imageScanner) {
        throw nonRetryable(
          ErrorType.ImageScanFailed,
          'the catalog asks for an image scan but this worker has no scanner (trivy): run `npm install` to build it',
          { logId },
        );
      }
      let report;
      try {
        report = await deps.imageScanner.scan(
          {
            executionId: executionId('scan'),
            service: input.service,
            image: input.image,
            scanners: input.policy.scanners,
            timeoutMs: input.policy.timeoutMs,
            logId,
          },
          { signal, heartbeat: () => heartbeat() },
        );
      } catch (err) {
        if (signal.aborted) throw err;
        // A scan that cannot run is a broken gate, not a finding: retried (a worker hiccup), then the run fails.
        throw new Error(`image scan of ${input.image} could not run: ${(err as Error).message}`);
      }
      const today = (deps.now?.() ?? new Date()).toISOString().slice(0, 10);
      const verdict = evaluateScan(report.findings, {
        failOn: input.policy.failOn,
        allow: input.policy.allow,
        service: input.service,
        today,
      });

      const log = deps.logs.open(logId);
      const say = (line: string): void => log.write(`[scan] ${line}\n`);
      const policy = input.policy.failOn.length ? `fails on ${input.policy.failOn.join(', ')}` : 'report only';
      say(`${report.findings.length} finding(s) in ${input.image}; ${input.environment} policy: ${policy}`);
      for (const f of verdict.blocking) say(`BLOCKING ${describeFinding(f)}`);
      for (const f of verdict.expired) say(`allow-list entry for ${f.id} expired on ${f.until}: no longer accepted`);
      for (const f of verdict.allowed) say(`accepted until ${f.until} (${f.reason}): ${describeFinding(f)}`);
      for (const f of verdict.reported) say(`reported ${describeFinding(f)}`);
      await log.close();

      const skipped = report.skipped.map((s) => `${s.scanner}: ${s.reason}`);
      if (verdict.blocking.length > 0) {
        const listed = verdict.blocking.slice(0, MAX_LISTED).map((f) => {
          const lapsed = verdict.expired.find((e) => e.id === f.id && e.location === f.location);
          return `- ${describeFinding(f)}${lapsed ? ` (allow-list entry expired ${lapsed.until})` : ''}`;
        });
        const more = verdict.blocking.length > MAX_LISTED ? [`… and ${verdict.blocking.length - MAX_LISTED} more`] : [];
        throw nonRetryable(
          ErrorType.ImageScanFailed,
          `image scan: ${verdict.blocking.length} finding(s) at ${input.policy.failOn.join('/')} block ` +
            `${input.environment}:\n${[...listed, ...more].join('\n')}`,
          { logId, tail: await deps.logs.tail(logId) },
        );
      }
      const parts = [
        `${report.findings.length} finding(s)`,
        ...(verdict.allowed.length ? [`${verdict.allowed.length} accepted`] : []),
        ...(verdict.reported.length && input.policy.failOn.length === 0 ? ['report only'] : []),
        ...(skipped.length ? [`skipped ${report.skipped.map((s) => s.scanner).join(', ')}`] : []),
      ];
      return {
        blocking: 0,
        allowed: verdict.allowed.length,
        reported: verdict.reported.length,
        summary: parts.join(', '),
        findings: verdict.reported,
        accepted: verdict.allowed,
        skipped,
        logId,
      };
    },
  };
}
