"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.sonarProjectKey = void 0;
exports.createSonarQubeGate = createSonarQubeGate;
const promises_1 = require("node:fs/promises");
const node_path_1 = require("node:path");
const promises_2 = require("node:timers/promises");
const report_task_1 = require("./report-task");
/**
 * The SonarQube project of a service: the service name itself, like every other identifier derived from it
 * (src/domain/naming.ts). Service names (lowercase, digits, "-") are valid SonarQube keys as they are.
 */
const sonarProjectKey = (service) => service;
exports.sonarProjectKey = sonarProjectKey;
/**
 * Placeholders, each replaced shell-quoted: {projectKey}, {serverUrl}, {service}, {commit}. {token} becomes
 * "$SONAR_TOKEN" — a shell reference, so the secret never appears in the command line or its log; the token
 * itself travels only in the step's environment. The scanner reads SONAR_TOKEN by itself (SonarScanner CLI 4.x+
 * and the Maven/Gradle scanners — from their docs, not verified here), hence no {token} in the default.
 */
const DEFAULT_SCANNER_COMMAND = 'sonar-scanner -Dsonar.projectKey={projectKey} -Dsonar.host.url={serverUrl} -Dsonar.scm.revision={commit}';
const PLACEHOLDERS = ['projectKey', 'serverUrl', 'service', 'commit', 'token'];
const MASK = '****';
function createSonarQubeGate(options) {
    if (!options.token)
        throw new Error('SonarQube gate: a token is required');
    const template = options.scannerCommand ?? DEFAULT_SCANNER_COMMAND;
    const unknown = [...template.matchAll(/\{(\w+)\}/g)]
        .map((m) => m[1] ?? '')
        .filter((name) => !PLACEHOLDERS.includes(name));
    if (unknown.length > 0) {
        throw new Error(`scannerCommand uses unknown placeholders {${unknown.join('}, {')}}; known: ${PLACEHOLDERS}`);
    }
    const pollMs = options.pollMs ?? 1000;
    const maxPollMs = options.maxPollMs ?? 10_000;
    const maxWaitMs = options.maxWaitMs ?? 300_000;
    const reportPath = options.reportTaskPath ?? report_task_1.DEFAULT_REPORT_TASK_PATH;
    const mask = (text) => text.split(options.token).join(MASK);
    const { client } = options;
    async function scan(input, projectKey, io) {
        // A report left by an earlier attempt would point at an old analysis and pass off its verdict as this one's.
        await (0, promises_1.rm)((0, node_path_1.isAbsolute)(reportPath) ? reportPath : (0, node_path_1.join)(input.workspace, reportPath), { force: true });
        const command = scannerCommand(template, {
            projectKey,
            serverUrl: options.serverUrl,
            service: input.service,
            commit: input.commit,
        });
        const result = await options.executor.run({
            executionId: `${input.logId}/sonar-scanner`,
            name: 'sonar-scanner',
            command,
            workspace: input.workspace,
            image: input.language.buildImage,
            env: { SONAR_TOKEN: options.token, SONAR_HOST_URL: options.serverUrl, GANTRY_SERVICE: input.service },
            timeoutMs: options.scanTimeoutMs ?? input.language.timeout,
            logId: input.logId,
        }, { signal: io.signal, heartbeat: () => io.heartbeat(), detached: io.detached });
        if (result.timedOut)
            throw new Error('the SonarQube scanner did not finish within its time limit');
        if (result.exitCode !== 0) {
            throw new Error(`the SonarQube scanner failed with exit code ${result.exitCode}:\n${result.tail}`);
        }
    }
    async function waitForTask(id, url, log, io) {
        const started = Date.now();
        let interval = pollMs;
        let lastStatus;
        for (;;) {
            // The task id in the heartbeat lets a retry on another worker wait for this analysis instead of a new scan.
            io.heartbeat({ ceTaskId: id, ceTaskUrl: url });
            const task = await client.ceTask(id, io.signal);
            if (task.status !== lastStatus)
                log.write(`[gantry] analysis task ${id}: ${task.status}\n`);
            lastStatus = task.status;
            if (task.status !== 'PENDING' && task.status !== 'IN_PROGRESS')
                return task;
            const remaining = started + maxWaitMs - Date.now();
            if (remaining <= 0) {
                throw new Error(`SonarQube did not finish analysis task ${id} within ${maxWaitMs} ms (still ${task.status}): ` +
                    `is its compute engine running and its queue moving? See ${url}`);
            }
            // One last poll lands right at the deadline, so a task finishing just in time still counts.
            await (0, promises_2.setTimeout)(Math.min(interval, remaining), undefined, { signal: io.signal });
            interval = Math.min(interval * 2, maxPollMs);
        }
    }
    function verdict(input, status, projectKey) {
        const failedTests = input.tests.failed + input.tests.errors;
        // Gantry's own condition, as in the embedded gate: SonarQube only sees test results if a plugin imports them.
        const conditions = [
            {
                metric: 'failed_tests',
                comparator: 'GT',
                threshold: '0',
                actual: String(failedTests),
                passed: failedTests === 0,
            },
        ];
        conditions.push(...status.conditions.map(toCondition));
        let serverPassed = status.status !== 'ERROR';
        if (status.status === 'NONE') {
            serverPassed = options.treatNoneAs === 'pass';
            conditions.push({
                metric: 'quality_gate',
                comparator: 'EQ',
                threshold: 'a quality gate assigned',
                actual: `none assigned to SonarQube project ${projectKey}`,
                passed: serverPassed,
            });
        }
        else if (status.status === 'ERROR' && !conditions.some((c) => !c.passed)) {
            // The failure message lists failed conditions: never let an ERROR through with nothing to show.
            conditions.push({ metric: 'quality_gate', comparator: 'EQ', threshold: 'OK', actual: 'ERROR', passed: false });
        }
        return { passed: serverPassed && conditions.every((c) => c.passed), conditions };
    }
    return {
        async evaluate(input, io) {
            const projectKey = (0, exports.sonarProjectKey)(input.service);
            let log;
            try {
                if (io.signal.aborted)
                    throw io.signal.reason ?? new Error('the quality gate was cancelled');
                const earlier = submittedTask(io.previous);
                let report;
                if (earlier) {
                    log = options.logs.open(input.logId);
                    log.write(`[gantry] re-attached to SonarQube analysis ${earlier.ceTaskId} of an earlier attempt\n`);
                    report = { ...earlier, dashboardUrl: earlier.ceTaskUrl };
                }
                else {
                    await scan(input, projectKey, io);
                    // Opened only after the scan: the executor writes the same log, and one writer at a time keeps order.
                    log = options.logs.open(input.logId);
                    const submitted = await (0, report_task_1.readReportTask)(input.workspace, reportPath);
                    log.write(`[gantry] SonarQube analysis ${submitted.ceTaskId} of ${submitted.projectKey} submitted to ${submitted.serverUrl}\n`);
                    if (submitted.projectKey !== projectKey) {
                        log.write(`[gantry] warning: the scanner used project key ${submitted.projectKey}, expected ${projectKey}\n`);
                    }
                    report = submitted;
                }
                const task = await waitForTask(report.ceTaskId, report.ceTaskUrl, log, io);
                if (task.status !== 'SUCCESS') {
                    throw new Error(`SonarQube analysis task ${task.id} ended ${task.status}` +
                        `${task.errorMessage ? `: ${task.errorMessage}` : ''} (see ${report.dashboardUrl})`);
                }
                if (!task.analysisId)
                    throw new Error(`SonarQube analysis task ${task.id} succeeded but names no analysis`);
                io.heartbeat();
                const status = await client.projectStatus(task.analysisId, io.signal);
                const result = verdict(input, status, projectKey);
                for (const c of result.conditions) {
                    log.write(`${c.passed ? 'OK   ' : 'ERROR'} ${c.metric}: ${c.actual} (threshold ${c.comparator} ${c.threshold})\n`);
                }
                log.write(`quality gate ${result.passed ? 'passed' : 'failed'} (SonarQube: ${status.status}) — ${report.dashboardUrl}\n`);
                return result;
            }
            catch (err) {
                // Whatever failed may quote a URL or output carrying the token: keep it out of history and the log.
                // Only when needed: some errors (a DOMException's AbortError) have a read-only message.
                if (err instanceof Error && err.message.includes(options.token))
                    err.message = mask(err.message);
                log ??= options.logs.open(input.logId);
                log.write(`[gantry] quality gate error: ${err instanceof Error ? err.message : mask(String(err))}\n`);
                throw err;
            }
            finally {
                await log?.close();
            }
        },
    };
}
/** The analysis an earlier attempt submitted, from its last heartbeat. */
function submittedTask(previous) {
    if (!previous || typeof previous !== 'object')
        return undefined;
    const { ceTaskId, ceTaskUrl } = previous;
    if (typeof ceTaskId !== 'string' || !/^[\w-]+$/.test(ceTaskId))
        return undefined;
    return { ceTaskId, ceTaskUrl: typeof ceTaskUrl === 'string' ? ceTaskUrl : '' };
}
/** SonarQube's condition, in Gantry's terms; passed unless SonarQube says ERROR (old servers' WARN passes). */
function toCondition(c) {
    // EQ/NE only exist on servers older than 7.x; NE has no Gantry equivalent and is shown as EQ.
    const comparator = c.comparator === 'LT' || c.comparator === 'GT' ? c.comparator : 'EQ';
    return {
        metric: c.metricKey,
        comparator,
        threshold: c.errorThreshold ?? '',
        actual: c.actualValue ?? 'no value',
        passed: c.status !== 'ERROR',
    };
}
/**
 * The scanner step: placeholders filled in, and all output piped through a pure-bash filter that masks the token
 * (a scanner in debug mode echoes its properties). pipefail keeps the scanner's exit code, whatever the executor.
 */
function scannerCommand(template, values) {
    const filled = template.replace(/\{(\w+)\}/g, (match, name) => name === 'token' ? '"$SONAR_TOKEN"' : name in values ? shellQuote(values[name]) : match);
    const maskFilter = `while IFS= read -r l || [ -n "$l" ]; do printf '%s\\n' "\${l//"$SONAR_TOKEN"/${MASK}}"; done`;
    return `set -o pipefail; { ${filled}\n} 2>&1 | ${maskFilter}`;
}
function shellQuote(value) {
    return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
//# sourceMappingURL=sonarqube-gate.js.map