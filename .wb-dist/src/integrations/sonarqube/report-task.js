"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_REPORT_TASK_PATH = void 0;
exports.readReportTask = readReportTask;
exports.parseReportTask = parseReportTask;
const promises_1 = require("node:fs/promises");
const node_path_1 = require("node:path");
/** Where sonar-scanner leaves its hand-off file (Maven/Gradle scanners use target/sonar or build/sonar). */
exports.DEFAULT_REPORT_TASK_PATH = '.scannerwork/report-task.txt';
const REQUIRED = ['serverUrl', 'ceTaskId', 'ceTaskUrl', 'dashboardUrl', 'projectKey'];
/** Reads and parses the scanner's report-task.txt; `path` is relative to the workspace unless absolute. */
async function readReportTask(workspace, path = exports.DEFAULT_REPORT_TASK_PATH) {
    const file = path.startsWith('/') ? path : (0, node_path_1.join)(workspace, path);
    let text;
    try {
        text = await (0, promises_1.readFile)(file, 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT') {
            throw new Error(`the scanner wrote no report-task.txt (expected ${file}): did the scan step run?`);
        }
        throw err;
    }
    return parseReportTask(text, file);
}
function parseReportTask(text, source = 'report-task.txt') {
    const props = parseProperties(text);
    const missing = REQUIRED.filter((key) => !props.get(key));
    if (missing.length > 0) {
        throw new Error(`${source} lacks ${missing.join(', ')}: was it written by a SonarQube scanner?`);
    }
    const value = (key) => props.get(key) ?? '';
    return {
        serverUrl: value('serverUrl'),
        ceTaskId: value('ceTaskId'),
        ceTaskUrl: value('ceTaskUrl'),
        dashboardUrl: value('dashboardUrl'),
        projectKey: value('projectKey'),
    };
}
/**
 * Java `.properties` syntax, as java.util.Properties writes it: `#`/`!` comments, `=`, `:` or whitespace as the
 * separator, backslash escapes (`\:` and `\=` appear in every URL the scanner writes), `\uXXXX`, and a trailing
 * backslash continuing the line.
 */
function parseProperties(text) {
    const props = new Map();
    const lines = text.split(/\r\n|\r|\n/);
    for (let i = 0; i < lines.length; i++) {
        let line = (lines[i] ?? '').replace(/^[ \t\f]+/, '');
        if (line === '' || line.startsWith('#') || line.startsWith('!'))
            continue;
        while (endsWithContinuation(line) && i + 1 < lines.length) {
            line = line.slice(0, -1) + (lines[++i] ?? '').replace(/^[ \t\f]+/, '');
        }
        const { key, rest } = splitKey(line);
        props.set(unescape(key), unescape(rest));
    }
    return props;
}
/** An odd number of trailing backslashes: the last one is not itself escaped. */
function endsWithContinuation(line) {
    const trailing = /\\*$/.exec(line)?.[0].length ?? 0;
    return trailing % 2 === 1;
}
function splitKey(line) {
    let i = 0;
    while (i < line.length) {
        const c = line[i];
        if (c === '\\')
            i += 2;
        else if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f')
            break;
        else
            i++;
    }
    const key = line.slice(0, i);
    // One separator, optionally surrounded by whitespace: "a = b", "a:b", "a b".
    const rest = line.slice(i).replace(/^[ \t\f]*[=:]?[ \t\f]*/, '');
    return { key, rest };
}
function unescape(s) {
    return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, esc) => {
        if (esc.length === 5)
            return String.fromCharCode(parseInt(esc.slice(1), 16));
        return { t: '\t', n: '\n', r: '\r', f: '\f' }[esc] ?? esc;
    });
}
//# sourceMappingURL=report-task.js.map