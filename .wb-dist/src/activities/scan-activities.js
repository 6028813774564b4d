"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createScanActivities = createScanActivities;
const image_scan_policy_1 = require("../domain/image-scan-policy");
const errors_1 = require("../errors");
const activity_io_1 = require("./activity-io");
const MAX_LISTED = 20;
function createScanActivities(deps) {
    return {
        /**
         * Scans the built image and applies the environment's policy: findings at a failOn severity fail the pipeline
         * (ImageScanFailed, each finding listed) unless a still-valid allow-list entry accepts them.
         */
        async scanImage(input) {
            const { signal, heartbeat } = (0, activity_io_1.activityIo)();
            const logId = `${(0, activity_io_1.currentWorkflowId)()}/scan`;
            if (!deps.imageScanner) {
                throw (0, errors_1.nonRetryable)(errors_1.ErrorType.ImageScanFailed, 'the catalog asks for an image scan but this worker has no scanner (trivy): run `npm install` to build it', { logId });
            }
            let report;
            try {
                report = await deps.imageScanner.scan({
                    executionId: (0, activity_io_1.executionId)('scan'),
                    service: input.service,
                    image: input.image,
                    scanners: input.policy.scanners,
                    timeoutMs: input.policy.timeoutMs,
                    logId,
                }, { signal, heartbeat: () => heartbeat() });
            }
            catch (err) {
                if (signal.aborted)
                    throw err;
                // A scan that cannot run is a broken gate, not a finding: retried (a worker hiccup), then the run fails.
                throw new Error(`image scan of ${input.image} could not run: ${err.message}`);
            }
            const today = (deps.now?.() ?? new Date()).toISOString().slice(0, 10);
            const verdict = (0, image_scan_policy_1.evaluateScan)(report.findings, {
                failOn: input.policy.failOn,
                allow: input.policy.allow,
                service: input.service,
                today,
            });
            const log = deps.logs.open(logId);
            const say = (line) => log.write(`[scan] ${line}\n`);
            const policy = input.policy.failOn.length ? `fails on ${input.policy.failOn.join(', ')}` : 'report only';
            say(`${report.findings.length} finding(s) in ${input.image}; ${input.environment} policy: ${policy}`);
            for (const f of verdict.blocking)
                say(`BLOCKING ${(0, image_scan_policy_1.describeFinding)(f)}`);
            for (const f of verdict.expired)
                say(`allow-list entry for ${f.id} expired on ${f.until}: no longer accepted`);
            for (const f of verdict.allowed)
                say(`accepted until ${f.until} (${f.reason}): ${(0, image_scan_policy_1.describeFinding)(f)}`);
            for (const f of verdict.reported)
                say(`reported ${(0, image_scan_policy_1.describeFinding)(f)}`);
            await log.close();
            const skipped = report.skipped.map((s) => `${s.scanner}: ${s.reason}`);
            if (verdict.blocking.length > 0) {
                const listed = verdict.blocking.slice(0, MAX_LISTED).map((f) => {
                    const lapsed = verdict.expired.find((e) => e.id === f.id && e.location === f.location);
                    return `- ${(0, image_scan_policy_1.describeFinding)(f)}${lapsed ? ` (allow-list entry expired ${lapsed.until})` : ''}`;
                });
                const more = verdict.blocking.length > MAX_LISTED ? [`… and ${verdict.blocking.length - MAX_LISTED} more`] : [];
                throw (0, errors_1.nonRetryable)(errors_1.ErrorType.ImageScanFailed, `image scan: ${verdict.blocking.length} finding(s) at ${input.policy.failOn.join('/')} block ` +
                    `${input.environment}:\n${[...listed, ...more].join('\n')}`, { logId, tail: await deps.logs.tail(logId) });
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
//# sourceMappingURL=scan-activities.js.map