import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A stand-in for the two SonarQube Web API endpoints the quality gate uses, with the documented JSON shapes
 * (docs/contracts.md, "SonarQube quality gate"). Each analysis task follows a script the test picks.
 */
export type TaskScript = 'pass' | 'fail' | 'none' | 'stuck' | 'ce-failed';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  status: number;
}

export interface SonarQubeDouble {
  url: string;
  token: string;
  /** Registers a task the (fake) scanner will name in report-task.txt. */
  script(taskId: string, behaviour: TaskScript): void;
  /** How often the task was polled. */
  polls(taskId: string): number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const analysisIdOf = (taskId: string): string => `analysis-${taskId}`;

/** What each script shows on the n-th poll (0-based): queued, then running, then done. */
function ceStatus(script: TaskScript, poll: number): string {
  if (script === 'stuck') return 'PENDING';
  if (poll === 0) return 'PENDING';
  if (script === 'ce-failed') return 'FAILED';
  return poll === 1 ? 'IN_PROGRESS' : 'SUCCESS';
}

const FAILED_CONDITIONS = [
  {
    status: 'ERROR',
    metricKey: 'new_coverage',
    comparator: 'LT',
    periodIndex: 1,
    errorThreshold: '80',
    actualValue: '42.5',
  },
  { status: 'ERROR', metricKey: 'new_bugs', comparator: 'GT', periodIndex: 1, errorThreshold: '0', actualValue: '3' },
  {
    status: 'OK',
    metricKey: 'new_duplicated_lines_density',
    comparator: 'GT',
    periodIndex: 1,
    errorThreshold: '3',
    actualValue: '1.2',
  },
];

const PASSED_CONDITIONS = [
  {
    status: 'OK',
    metricKey: 'new_coverage',
    comparator: 'LT',
    periodIndex: 1,
    errorThreshold: '80',
    actualValue: '91.3',
  },
  { status: 'OK', metricKey: 'new_bugs', comparator: 'GT', periodIndex: 1, errorThreshold: '0', actualValue: '0' },
];

function projectStatus(script: TaskScript): unknown {
  if (script === 'fail')
    return { projectStatus: { status: 'ERROR', ignoredConditions: false, conditions: FAILED_CONDITIONS } };
  if (script === 'none') return { projectStatus: { status: 'NONE', ignoredConditions: false, conditions: [] } };
  return { projectStatus: { status: 'OK', ignoredConditions: false, conditions: PASSED_CONDITIONS } };
}

export interface SonarQubeDoubleOptions {
  token: string;
  /**
   * How a task nobody scripted behaves (registered on its first poll); unset, it is unknown (404). Demos set it,
   * since every build submits a new task.
   */
  defaultScript?: TaskScript;
}

export async function startSonarQubeDouble(options: SonarQubeDoubleOptions): Promise<SonarQubeDouble> {
  const tasks = new Map<string, { script: TaskScript; polls: number }>();
  const requests: RecordedRequest[] = [];

  // SonarQube accepts a token as Bearer, or as the Basic user name with an empty password.
  const authorized = (header: string | undefined): boolean =>
    header === `Bearer ${options.token}` || header === `Basic ${Buffer.from(`${options.token}:`).toString('base64')}`;

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    const send = (status: number, body: unknown): void => {
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        query,
        authorization: req.headers.authorization,
        status,
      });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const notFound = (msg: string): void => send(404, { errors: [{ msg }] });

    if (!authorized(req.headers.authorization)) return send(401, { errors: [{ msg: 'Authentication is required' }] });
    if (req.method !== 'GET') return send(405, { errors: [{ msg: 'Method not allowed' }] });

    if (url.pathname === '/api/ce/task') {
      const id = query.id ?? '';
      if (options.defaultScript && id && !tasks.has(id)) tasks.set(id, { script: options.defaultScript, polls: 0 });
      const task = tasks.get(id);
      if (!task) return notFound(`No activity found for task '${id}'`);
      const status = ceStatus(task.script, task.polls++);
      return send(200, {
        task: {
          id,
          type: 'REPORT',
          componentKey: 'orders',
          componentQualifier: 'TRK',
          status,
          submittedAt: new Date().toISOString(),
          ...(status === 'SUCCESS' ? { analysisId: analysisIdOf(id), executionTimeMs: 1234 } : {}),
          ...(status === 'FAILED' ? { errorMessage: 'Unsupported language: cobol', hasErrorStacktrace: true } : {}),
          logs: false,
          warningCount: 0,
          warnings: [],
        },
      });
    }
    if (url.pathname === '/api/qualitygates/project_status') {
      const analysisId = query.analysisId ?? '';
      // An analysis only exists once its task succeeded.
      const entry = [...tasks].find(([id, t]) => analysisIdOf(id) === analysisId && t.polls > 2);
      if (!entry || entry[1].script === 'stuck' || entry[1].script === 'ce-failed') {
        return notFound(`Analysis with id '${analysisId}' is not found`);
      }
      return send(200, projectStatus(entry[1].script));
    }
    return notFound(`Unknown url : ${url.pathname}`);
  }

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token: options.token,
    script: (taskId, behaviour) => void tasks.set(taskId, { script: behaviour, polls: 0 }),
    polls: (taskId) => tasks.get(taskId)?.polls ?? 0,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/**
 * A fake sonar-scanner (the real one cannot run here): a node script that checks it got SONAR_TOKEN, prints what a
 * leaky scanner in debug mode would (the token included, so tests can check the gate masks it) and writes
 * .scannerwork/report-task.txt in the scanner's properties format, escapes and all. Returns a scannerCommand
 * template; the gate fills in {serverUrl} and {projectKey}. Every run names `taskId`; without one, each run names a
 * new task, `task-<commit>-<random>` (for a double with a defaultScript).
 */
export async function writeFakeScanner(dir: string, taskId?: string): Promise<string> {
  const script = join(dir, 'fake-sonar-scanner.js');
  await writeFile(
    script,
    `const fs = require('node:fs');
const [serverUrl, projectKey, given, commit] = process.argv.slice(2);
const taskId = given === '--unique'
  ? 'task-' + String(commit).slice(0, 12) + '-' + require('node:crypto').randomBytes(4).toString('hex')
  : given;
const token = process.env.SONAR_TOKEN;
if (!token) { console.error('ERROR: no SONAR_TOKEN in the environment'); process.exit(2); }
console.log('INFO: Scanner configuration file: NONE');
console.log('DEBUG: sonar.token=' + token);
console.error('INFO: Analysis report uploaded for ' + projectKey);
const esc = (s) => s.replace(/\\\\/g, '\\\\\\\\').replace(/:/g, '\\\\:').replace(/=/g, '\\\\=');
fs.mkdirSync('.scannerwork', { recursive: true });
fs.writeFileSync('.scannerwork/report-task.txt', [
  '#Written by a fake sonar-scanner',
  'projectKey=' + projectKey,
  'serverUrl=' + esc(serverUrl),
  'serverVersion=10.7.0.96327',
  'dashboardUrl=' + esc(serverUrl + '/dashboard?id=' + projectKey),
  'ceTaskId=' + taskId,
  'ceTaskUrl=' + esc(serverUrl + '/api/ce/task?id=' + taskId),
  '',
].join('\\n'));
console.log('INFO: EXECUTION SUCCESS');
`,
  );
  const task = taskId === undefined ? '--unique {commit}' : taskId;
  return `'${process.execPath}' '${script}' {serverUrl} {projectKey} ${task}`;
}
