import { rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { QualityCondition, QualityGateResult } from '../../domain/test-report';
import type { Executor } from '../../ports/executor';
import type { LogStore, LogWriter } from '../../ports/log-store';
import type { QualityGate, QualityGateInput } from '../../ports/quality-gate';
import { DEFAULT_REPORT_TASK_PATH, readReportTask } from './report-task';
import type { CeTask, ProjectCondition, ProjectStatus, SonarQubeClient } from './sonarqube-client';

/**
 * The SonarQube project of a service: the service name itself, like every other identifier derived from it
 * (src/domain/naming.ts). Service names (lowercase, digits, "-") are valid SonarQube keys as they are.
 */
export const sonarProjectKey = (service: string): string => service;

/**
 * Placeholders, each replaced shell-quoted: {projectKey}, {serverUrl}, {service}, {commit}. {token} becomes
 * "$SONAR_TOKEN" — a shell reference, so the secret never appears in the command line or its log; the token
 * itself travels only in the step's environment. The scanner reads SONAR_TOKEN by itself (SonarScanner CLI 4.x+
 * and the Maven/Gradle scanners — from their docs, not verified here), hence no {token} in the default.
 */
const DEFAULT_SCANNER_COMMAND =
  'sonar-scanner -Dsonar.projectKey={projectKey} -Dsonar.host.url={serverUrl} -Dsonar.scm.revision={commit}';

const PLACEHOLDERS = ['projectKey', 'serverUrl', 'service', 'commit', 'token'] as const;
const MASK = '****';

export interface SonarQubeGateOptions {
  client: SonarQubeClient;
  executor: Executor;
  logs: LogStore;
  /** Shell command run in the workspace, in the language's build image; see DEFAULT_SCANNER_COMMAND. */
  scannerCommand?: string;
  /** The server the scanner submits to (may differ from the client's URL, e.g. inside the cluster). */
  serverUrl: string;
  token: string;
  /** First wait between polls of the analysis task; doubles up to maxPollMs. */
  pollMs?: number;
  maxPollMs?: number;
  /** How long the analysis may stay queued or running on the server before the gate gives up. */
  maxWaitMs?: number;
  /** A project with no quality gate assigned (status NONE): pass, or fail so nobody ships unchecked. */
  treatNoneAs: 'pass' | 'fail';
  /** Where the scanner writes report-task.txt, relative to the workspace. */
  reportTaskPath?: string;
  /** Limit for the scanner step; defaults to the language's timeout. */
  scanTimeoutMs?: number;
}

export function createSonarQubeGate(options: SonarQubeGateOptions): QualityGate {
  if (!options.token) throw new Error('SonarQube gate: a token is required');
  const template = options.scannerCommand ?? DEFAULT_SCANNER_COMMAND;
  const unknown = [...template.matchAll(/\{(\w+)\}/g)]
    .map((m) => m[1] ?? '')
    .filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(`scannerCommand uses unknown placeholders {${unknown.join('}, {')}}; known: ${PLACEHOLDERS}`);
  }
  const pollMs = options.pollMs ?? 1000;
  const maxPollMs = options.maxPollMs ?? 10_000;
  const maxWaitMs = options.maxWaitMs ?? 300_000;
  const reportPath = options.reportTaskPath ?? DEFAULT_REPORT_TASK_PATH;
  const mask = (text: string): string => text.split(options.token).join(MASK);
  const { client } = options;

  async function scan(input: QualityGateInput, projectKey: string, io: GateIo): Promise<void> {
    // A report left by an earlier attempt would point at an old analysis and pass off its verdict as this one's.
    await rm(isAbsolute(reportPath) ? reportPath : join(input.workspace, reportPath), { force: true });
    const command = scannerCommand(template, {
      projectKey,
      serverUrl: options.serverUrl,
      service: input.service,
      commit: input.commit,
    });
    const result = await options.executor.run(
      {
        executionId: `${input.logId}/sonar-scanner`,
        name: 'sonar-scanner',
        command,
        workspace: input.workspace,
        image: input.language.buildImage,
        env: { SONAR_TOKEN: options.token, SONAR_HOST_URL: options.serverUrl, GANTRY_SERVICE: input.service },
        timeoutMs: options.scanTimeoutMs ?? input.language.timeout,
        logId: input.logId,
      },
      { signal: io.signal, heartbeat: () => io.heartbeat(), detached: io.detached },
    );
    if (result.timedOut) throw new Error('the SonarQube scanner did not finish within its time limit');
    if (result.exitCode !== 0) {
      throw new Error(`the SonarQube scanner failed with exit code ${result.exitCode}:\n${result.tail}`);
    }
  }

  async function waitForTask(id: string, url: string, log: LogWriter, io: GateIo): Promise<CeTask> {
    const started = Date.now();
    let interval = pollMs;
    let lastStatus: string | undefined;
    for (;;) {
      // The task id in the heartbeat lets a retry on another worker wait for this analysis instead of a new scan.
      io.heartbeat({ ceTaskId: id, ceTaskUrl: url });
      const task = await client.ceTask(id, io.signal);
      if (task.status !== lastStatus) log.write(`[gantry] analysis task ${id}: ${task.status}\n`);
      lastStatus = task.status;
      if (task.status !== 'PENDING' && task.status !== 'IN_PROGRESS') return task;
      const remaining = started + maxWaitMs - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `SonarQube did not finish analysis task ${id} within ${maxWaitMs} ms (still ${task.status}): ` +
            `is its compute engine running and its queue moving? See ${url}`,
        );
      }
      // One last poll lands right at the deadline, so a task finishing just in time still counts.
      await delay(Math.min(interval, remaining), undefined, { signal: io.signal });
      interval = Math.min(interval * 2, maxPollMs);
    }
  }

  function verdict(input: QualityGateInput, status: ProjectStatus, projectKey: string): QualityGateResult {
    const failedTests = input.tests.failed + input.tests.errors;
    // Gantry's own condition, as in the embedded gate: SonarQube only sees test results if a plugin imports them.
    const conditions: QualityCondition[] = [
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
    } else if (status.status === 'ERROR' && !conditions.some((c) => !c.passed)) {
      // The failure message lists failed conditions: never let an ERROR through with nothing to show.
      conditions.push({ metric: 'quality_gate', comparator: 'EQ', threshold: 'OK', actual: 'ERROR', passed: false });
    }
    return { passed: serverPassed && conditions.every((c) => c.passed), conditions };
  }

  return {
    async evaluate(input, io) {
      const projectKey = sonarProjectKey(input.service);
      let log: LogWriter | undefined;
      try {
        if (io.signal.aborted) throw io.signal.reason ?? new Error('the quality gate was cancelled');
        const earlier = submittedTask(io.previous);
        let report: { ceTaskId: string; ceTaskUrl: string; dashboardUrl: string };
        if (earlier) {
          log = options.logs.open(input.logId);
          log.write(`[gantry] re-attached to SonarQube analysis ${earlier.ceTaskId} of an earlier attempt\n`);
          report = { ...earlier, dashboardUrl: earlier.ceTaskUrl };
        } else {
          await scan(input, projectKey, io);
          // Opened only after the scan: the executor writes the same log, and one writer at a time keeps order.
          log = options.logs.open(input.logId);
          const submitted = await readReportTask(input.workspace, reportPath);
          log.write(
            `[gantry] SonarQube analysis ${submitted.ceTaskId} of ${submitted.projectKey} submitted to ${submitted.serverUrl}\n`,
          );
          if (submitted.projectKey !== projectKey) {
            log.write(
              `[gantry] warning: the scanner used project key ${submitted.projectKey}, expected ${projectKey}\n`,
            );
          }
          report = submitted;
        }
        const task = await waitForTask(report.ceTaskId, report.ceTaskUrl, log, io);
        if (task.status !== 'SUCCESS') {
          throw new Error(
            `SonarQube analysis task ${task.id} ended ${task.status}` +
              `${task.errorMessage ? `: ${task.errorMessage}` : ''} (see ${report.dashboardUrl})`,
          );
        }
        if (!task.analysisId) throw new Error(`SonarQube analysis task ${task.id} succeeded but names no analysis`);
        io.heartbeat();
        const status = await client.projectStatus(task.analysisId, io.signal);
        const result = verdict(input, status, projectKey);
        for (const c of result.conditions) {
          log.write(
            `${c.passed ? 'OK   ' : 'ERROR'} ${c.metric}: ${c.actual} (threshold ${c.comparator} ${c.threshold})\n`,
          );
        }
        log.write(
          `quality gate ${result.passed ? 'passed' : 'failed'} (SonarQube: ${status.status}) — ${report.dashboardUrl}\n`,
        );
        return result;
      } catch (err) {
        // Whatever failed may quote a URL or output carrying the token: keep it out of history and the log.
        // Only when needed: some errors (a DOMException's AbortError) have a read-only message.
        if (err instanceof Error && err.message.includes(options.token)) err.message = mask(err.message);
        log ??= options.logs.open(input.logId);
        log.write(`[gantry] quality gate error: ${err instanceof Error ? err.message : mask(String(err))}\n`);
        throw err;
      } finally {
        await log?.close();
      }
    },
  };
}

type GateIo = Parameters<QualityGate['evaluate']>[1];

/** The analysis an earlier attempt submitted, from its last heartbeat. */
function submittedTask(previous: unknown): { ceTaskId: string; ceTaskUrl: string } | undefined {
  if (!previous || typeof previous !== 'object') return undefined;
  const { ceTaskId, ceTaskUrl } = previous as Record<string, unknown>;
  if (typeof ceTaskId !== 'string' || !/^[\w-]+$/.test(ceTaskId)) return undefined;
  return { ceTaskId, ceTaskUrl: typeof ceTaskUrl === 'string' ? ceTaskUrl : '' };
}

/** SonarQube's condition, in Gantry's terms; passed unless SonarQube says ERROR (old servers' WARN passes). */
function toCondition(c: ProjectCondition): QualityCondition {
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
function scannerCommand(
  template: string,
  values: Record<Exclude<(typeof PLACEHOLDERS)[number], 'token'>, string>,
): string {
  const filled = template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name === 'token' ? '"$SONAR_TOKEN"' : name in values ? shellQuote(values[name as keyof typeof values]) : match,
  );
  const maskFilter = `while IFS= read -r l || [ -n "$l" ]; do printf '%s\\n' "\${l//"$SONAR_TOKEN"/${MASK}}"; done`;
  return `set -o pipefail; { ${filled}\n} 2>&1 | ${maskFilter}`;
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
