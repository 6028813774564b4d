"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.startSonarQubeDouble = startSonarQubeDouble;
exports.writeFakeScanner = writeFakeScanner;
const node_http_1 = require("node:http");
const promises_1 = require("node:fs/promises");
const node_path_1 = require("node:path");
const analysisIdOf = (taskId) => `analysis-${taskId}`;
/** What each script shows on the n-th poll (0-based): queued, then running, then done. */
function ceStatus(script, poll) {
    if (script === 'stuck')
        return 'PENDING';
    if (poll === 0)
        return 'PENDING';
    if (script === 'ce-failed')
        return 'FAILED';
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
function projectStatus(script) {
    if (script === 'fail')
        return { projectStatus: { status: 'ERROR', ignoredConditions: false, conditions: FAILED_CONDITIONS } };
    if (script === 'none')
        return { projectStatus: { status: 'NONE', ignoredConditions: false, conditions: [] } };
    return { projectStatus: { status: 'OK', ignoredConditions: false, conditions: PASSED_CONDITIONS } };
}
async function startSonarQubeDouble(options) {
    const tasks = new Map();
    const requests = [];
    // SonarQube accepts a token as Bearer, or as the Basic user name with an empty password.
    const authorized = (header) => header === `Bearer ${options.token}` || header === `Basic ${Buffer.from(`${options.token}:`).toString('base64')}`;
    function handle(req, res) {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const query = Object.fromEntries(url.searchParams);
        const send = (status, body) => {
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
        const notFound = (msg) => send(404, { errors: [{ msg }] });
        if (!authorized(req.headers.authorization))
            return send(401, { errors: [{ msg: 'Authentication is required' }] });
        if (req.method !== 'GET')
            return send(405, { errors: [{ msg: 'Method not allowed' }] });
        if (url.pathname === '/api/ce/task') {
            const id = query.id ?? '';
            if (options.defaultScript && id && !tasks.has(id))
                tasks.set(id, { script: options.defaultScript, polls: 0 });
            const task = tasks.get(id);
            if (!task)
                return notFound(`No activity found for task '${id}'`);
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
    const server = (0, node_http_1.createServer)(handle);
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address();
    return {
        url: `http://127.0.0.1:${port}`,
        token: options.token,
        script: (taskId, behaviour) => void tasks.set(taskId, { script: behaviour, polls: 0 }),
        polls: (taskId) => tasks.get(taskId)?.polls ?? 0,
        requests,
        close: () => new Promise((resolve, reject) => {
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
async function writeFakeScanner(dir, taskId) {
    const script = (0, node_path_1.join)(dir, 'fake-sonar-scanner.js');
    await (0, promises_1.writeFile)(script, `const fs = require('node:fs');
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
`);
    const task = taskId === undefined ? '--unique {commit}' : taskId;
    return `'${process.execPath}' '${script}' {serverUrl} {projectKey} ${task}`;
}
//# sourceMappingURL=sonarqube-server.js.map