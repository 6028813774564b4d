import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LanguageSpec } from '../../src/config/catalog-schema';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import { createLocalExecutor } from '../../src/integrations/local/local-executor';
import { parseReportTask, readReportTask } from '../../src/integrations/sonarqube/report-task';
import { createSonarQubeClient } from '../../src/integrations/sonarqube/sonarqube-client';
import { createSonarQubeGate, sonarProjectKey } from '../../src/integrations/sonarqube/sonarqube-gate';
import type { SonarQubeGateOptions } from '../../src/integrations/sonarqube/sonarqube-gate';
import type { LogStore } from '../../src/ports/log-store';
import type { QualityGateInput } from '../../src/ports/quality-gate';
import { startSonarQubeDouble, writeFakeScanner } from '../../src/testing/sonarqube-server';
import type { SonarQubeDouble, TaskScript } from '../../src/testing/sonarqube-server';

const TOKEN = 'squ_0123456789abcdef0123456789abcdef01234567';

let dir: string;
let workspace: string;
let logs: LogStore;
let sonar: SonarQubeDouble;

beforeAll(async () => {
  sonar = await startSonarQubeDouble({ token: TOKEN });
});
afterAll(() => sonar.close());

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gantry-sonar-'));
  workspace = await mkdtemp(join(dir, 'ws-'));
  logs = createFileLogStore(join(dir, 'logs'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const language: LanguageSpec = {
  buildImage: 'node:22',
  runtimeImage: 'node:22-slim',
  compile: 'true',
  test: 'true',
  testReport: 'junit.xml',
  artifactPath: '.',
  start: 'node index.js',
  timeout: 60_000,
};

function gateInput(overrides: Partial<QualityGateInput> = {}): QualityGateInput {
  return {
    service: 'orders',
    commit: 'abc123',
    workspace,
    tests: { total: 3, passed: 3, failed: 0, errors: 0, skipped: 0, durationMs: 10, failures: [] },
    minCoverage: 0,
    language,
    logId: 'pipeline/orders/dev/abc123/quality-gate',
    ...overrides,
  };
}

let taskCounter = 0;
/** A gate whose fake scanner submits a fresh task scripted to behave as `script`. */
async function gateFor(script: TaskScript, overrides: Partial<SonarQubeGateOptions> = {}) {
  const taskId = `task-${script}-${++taskCounter}`;
  sonar.script(taskId, script);
  const gate = createSonarQubeGate({
    client: createSonarQubeClient({ baseUrl: sonar.url, token: TOKEN, requestTimeoutMs: 5000 }),
    executor: createLocalExecutor({ logs }),
    logs,
    scannerCommand: await writeFakeScanner(dir, taskId),
    serverUrl: sonar.url,
    token: TOKEN,
    pollMs: 10,
    maxWaitMs: 5000,
    treatNoneAs: 'fail',
    ...overrides,
  });
  return { gate, taskId };
}

function io(heartbeat: () => void = () => undefined, signal = new AbortController().signal) {
  return { signal, heartbeat };
}

const readLog = () => logs.read(gateInput().logId);

describe('the SonarQube quality gate', () => {
  it('passes when SonarQube says OK, after polling the analysis through PENDING and IN_PROGRESS', async () => {
    const { gate, taskId } = await gateFor('pass');
    let heartbeats = 0;
    const result = await gate.evaluate(
      gateInput(),
      io(() => heartbeats++),
    );

    expect(result.passed).toBe(true);
    expect(result.conditions).toContainEqual({
      metric: 'failed_tests',
      comparator: 'GT',
      threshold: '0',
      actual: '0',
      passed: true,
    });
    expect(result.conditions).toContainEqual(expect.objectContaining({ metric: 'new_coverage', passed: true }));
    expect(sonar.polls(taskId)).toBe(3);
    expect(heartbeats).toBeGreaterThanOrEqual(3);
    const mine = sonar.requests.filter((r) => r.query.id === taskId || r.query.analysisId === `analysis-${taskId}`);
    expect(mine.map((r) => r.path)).toEqual([
      '/api/ce/task',
      '/api/ce/task',
      '/api/ce/task',
      '/api/qualitygates/project_status',
    ]);
    expect(mine.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    const log = await readLog();
    expect(log).toContain('EXECUTION SUCCESS');
    expect(log).toContain(`analysis task ${taskId}: IN_PROGRESS`);
    expect(log).toContain('quality gate passed (SonarQube: OK)');
  });

  it('fails on ERROR, listing every condition with metric, comparator, threshold and actual value', async () => {
    const { gate } = await gateFor('fail');
    const result = await gate.evaluate(gateInput(), io());

    expect(result.passed).toBe(false);
    expect(result.conditions).toEqual([
      { metric: 'failed_tests', comparator: 'GT', threshold: '0', actual: '0', passed: true },
      { metric: 'new_coverage', comparator: 'LT', threshold: '80', actual: '42.5', passed: false },
      { metric: 'new_bugs', comparator: 'GT', threshold: '0', actual: '3', passed: false },
      { metric: 'new_duplicated_lines_density', comparator: 'GT', threshold: '3', actual: '1.2', passed: true },
    ]);
    const log = await readLog();
    expect(log).toContain('ERROR new_coverage: 42.5 (threshold LT 80)');
    expect(log).toContain('ERROR new_bugs: 3 (threshold GT 0)');
    expect(log).toContain('quality gate failed (SonarQube: ERROR)');
  });

  it('fails on failed unit tests even when SonarQube is happy', async () => {
    const { gate } = await gateFor('pass');
    const tests = { total: 3, passed: 1, failed: 1, errors: 1, skipped: 0, durationMs: 10, failures: [] };
    const result = await gate.evaluate(gateInput({ tests }), io());
    expect(result.passed).toBe(false);
    expect(result.conditions[0]).toEqual({
      metric: 'failed_tests',
      comparator: 'GT',
      threshold: '0',
      actual: '2',
      passed: false,
    });
  });

  it('treats a project without a quality gate (NONE) as configured', async () => {
    const failing = await gateFor('none', { treatNoneAs: 'fail' });
    const failed = await failing.gate.evaluate(gateInput(), io());
    expect(failed.passed).toBe(false);
    expect(failed.conditions).toContainEqual(
      expect.objectContaining({
        metric: 'quality_gate',
        actual: 'none assigned to SonarQube project orders',
        passed: false,
      }),
    );

    const passing = await gateFor('none', { treatNoneAs: 'pass' });
    const passed = await passing.gate.evaluate(gateInput(), io());
    expect(passed.passed).toBe(true);
  });

  it('gives up on an analysis stuck in the queue after maxWaitMs, saying what did not happen', async () => {
    const { gate, taskId } = await gateFor('stuck', { maxWaitMs: 400, pollMs: 20, maxPollMs: 100 });
    const started = Date.now();
    await expect(gate.evaluate(gateInput(), io())).rejects.toThrow(
      new RegExp(`SonarQube did not finish analysis task ${taskId} within 400 ms \\(still PENDING\\)`),
    );
    // Bounded: the scan (a node process) plus the wait, nowhere near a default five minutes.
    expect(Date.now() - started).toBeLessThan(10_000);
    // Exponential backoff: 20, 40, 80, 100, 100… ms, not one request every 20 ms.
    expect(sonar.polls(taskId)).toBeGreaterThanOrEqual(4);
    expect(sonar.polls(taskId)).toBeLessThan(12);
    expect(await readLog()).toContain(`quality gate error: SonarQube did not finish analysis task ${taskId}`);
  });

  it('stops polling when the activity is cancelled', async () => {
    const { gate } = await gateFor('stuck', { maxWaitMs: 60_000, pollMs: 50 });
    const controller = new AbortController();
    const started = Date.now();
    const evaluation = gate.evaluate(
      gateInput(),
      io(() => undefined, controller.signal),
    );
    setTimeout(() => controller.abort(new Error('activity cancelled')), 1500);
    await expect(evaluation).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('fails clearly when SonarQube could not process the analysis', async () => {
    const { gate, taskId } = await gateFor('ce-failed');
    await expect(gate.evaluate(gateInput(), io())).rejects.toThrow(
      `SonarQube analysis task ${taskId} ended FAILED: Unsupported language: cobol`,
    );
  });

  it('says the token was rejected, without quoting it', async () => {
    const wrong = 'squ_wrong_token_value';
    const { gate } = await gateFor('pass', {
      client: createSonarQubeClient({ baseUrl: sonar.url, token: wrong }),
      token: wrong,
    });
    const error = await gate.evaluate(gateInput(), io()).catch((err: Error) => err);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/SonarQube rejected the token \(GET \/api\/ce\/task answered 401\)/);
    expect((error as Error).message).not.toContain(wrong);
    expect(await readLog()).not.toContain(wrong);
  });

  it('never writes the token to the log, even when the scanner prints it', async () => {
    const { gate } = await gateFor('fail');
    await gate.evaluate(gateInput(), io());
    const log = await readLog();
    // The fake scanner did get the token (it exits 2 without) and printed it; the gate masked it.
    expect(log).toContain('DEBUG: sonar.token=****');
    expect(log).not.toContain(TOKEN);
    const files = await readFile(join(workspace, '.scannerwork', 'report-task.txt'), 'utf8');
    expect(files).not.toContain(TOKEN);
  });

  it('fails clearly when the scanner leaves no report-task.txt', async () => {
    const { gate } = await gateFor('pass', { scannerCommand: 'echo "scanning {projectKey}"' });
    await expect(gate.evaluate(gateInput(), io())).rejects.toThrow(
      /the scanner wrote no report-task.txt .*: did the scan step run\?/,
    );
  });

  it('reports a failing scanner with its exit code and output', async () => {
    const { gate } = await gateFor('pass', { scannerCommand: 'echo "ERROR: cannot reach {serverUrl}" >&2; exit 3' });
    await expect(gate.evaluate(gateInput(), io())).rejects.toThrow(
      /the SonarQube scanner failed with exit code 3:\n[\s\S]*ERROR: cannot reach http:\/\/127\.0\.0\.1/,
    );
  });

  it('refuses a scanner command with an unknown placeholder', async () => {
    await expect(gateFor('pass', { scannerCommand: 'sonar-scanner -Dsonar.projectKey={project}' })).rejects.toThrow(
      /unknown placeholders \{project\}/,
    );
  });

  it('keys the SonarQube project by the service name', () => {
    expect(sonarProjectKey('orders')).toBe('orders');
  });
});

describe('report-task.txt', () => {
  it('reads the properties the scanner writes, escapes and comments included', () => {
    const report = parseReportTask(
      [
        '#Tue Mar 04 10:00:00 UTC 2025',
        '! another comment',
        'projectKey=orders',
        'serverUrl=http\\://sonar.example.com\\:9000',
        'serverVersion=10.7.0.96327',
        'dashboardUrl=http\\://sonar.example.com\\:9000/dashboard?id\\=orders&branch\\=main',
        'ceTaskId = AYabc-123',
        'ceTaskUrl: http\\://sonar.example.com\\:9000/api/ce/task?id\\=AYabc-\\',
        '    123',
      ].join('\r\n'),
    );
    expect(report).toEqual({
      projectKey: 'orders',
      serverUrl: 'http://sonar.example.com:9000',
      dashboardUrl: 'http://sonar.example.com:9000/dashboard?id=orders&branch=main',
      ceTaskId: 'AYabc-123',
      ceTaskUrl: 'http://sonar.example.com:9000/api/ce/task?id=AYabc-123',
    });
  });

  it('names what is missing', async () => {
    expect(() => parseReportTask('projectKey=orders\nserverUrl=http\\://x')).toThrow(
      /lacks ceTaskId, ceTaskUrl, dashboardUrl/,
    );
    await expect(readReportTask(workspace)).rejects.toThrow(
      'the scanner wrote no report-task.txt (expected ' +
        join(workspace, '.scannerwork/report-task.txt') +
        '): did the scan step run?',
    );
  });
});
