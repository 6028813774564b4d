"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.readTestReports = readTestReports;
exports.readCoverage = readCoverage;
exports.globToRegExp = globToRegExp;
const promises_1 = require("node:fs/promises");
const node_path_1 = require("node:path");
const coverage_1 = require("./coverage");
const junit_1 = require("./junit");
/** Reads and merges every JUnit report in the workspace matching `glob` (e.g. `target/surefire-reports/TEST-*.xml`). */
async function readTestReports(workspace, glob) {
    const files = await findFiles(workspace, glob);
    if (files.length === 0)
        throw new Error(`no test report matched ${glob} in the workspace`);
    const summaries = [];
    for (const file of files) {
        const xml = await (0, promises_1.readFile)((0, node_path_1.join)(workspace, file), 'utf8');
        try {
            summaries.push((0, junit_1.parseJUnitXml)(xml));
        }
        catch (err) {
            throw new Error(`${file}: ${err.message}`);
        }
    }
    return (0, junit_1.mergeTestSummaries)(summaries);
}
async function readCoverage(workspace, report) {
    const relative = checkRelative(report.path);
    let text;
    try {
        text = await (0, promises_1.readFile)((0, node_path_1.join)(workspace, relative), 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT') {
            throw new Error(`coverage report ${report.path} not found in the workspace`);
        }
        throw err;
    }
    try {
        return (0, coverage_1.parseCoverage)(text, report.format);
    }
    catch (err) {
        throw new Error(`${report.path}: ${err.message}`);
    }
}
/** Workspace-relative POSIX paths of the files matching `glob`, sorted. */
async function findFiles(workspace, glob) {
    const pattern = checkRelative(glob);
    const segments = pattern.split('/');
    // Walk only below the literal prefix (`target/surefire-reports`), not the whole checkout with its node_modules.
    const firstWild = segments.findIndex((segment) => /[*?]/.test(segment));
    const base = firstWild < 0 ? segments.slice(0, -1) : segments.slice(0, firstWild);
    const baseDir = (0, node_path_1.join)(workspace, ...base);
    const recursive = firstWild >= 0 && (firstWild < segments.length - 1 || segments.includes('**'));
    let entries;
    try {
        entries = await (0, promises_1.readdir)(baseDir, { recursive });
    }
    catch (err) {
        const code = err.code;
        if (code === 'ENOENT' || code === 'ENOTDIR')
            return [];
        throw err;
    }
    const regex = globToRegExp(pattern);
    const matches = [];
    for (const entry of entries) {
        const relative = node_path_1.posix.join(...base, entry.split(node_path_1.sep).join('/'));
        if (!regex.test(relative))
            continue;
        const info = await (0, promises_1.stat)((0, node_path_1.join)(workspace, relative)).catch(() => undefined);
        if (info?.isFile())
            matches.push(relative);
    }
    return matches.sort();
}
/** `**` spans any number of directories (including none); `*` and `?` stay within one path segment. */
function globToRegExp(glob) {
    let source = '';
    for (let i = 0; i < glob.length; i++) {
        const char = glob[i];
        if (char === '*' && glob[i + 1] === '*') {
            const slashAfter = glob[i + 2] === '/';
            source += slashAfter ? '(?:.*/)?' : '.*';
            i += slashAfter ? 2 : 1;
        }
        else if (char === '*')
            source += '[^/]*';
        else if (char === '?')
            source += '[^/]';
        else
            source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    return new RegExp(`^${source}$`);
}
/** Report paths come from the catalog and must stay inside the workspace. */
function checkRelative(path) {
    const normalized = node_path_1.posix.normalize(path.replace(/\\/g, '/')).replace(/^\.\//, '');
    if (normalized.startsWith('/') || normalized === '..' || normalized.startsWith('../')) {
        throw new Error(`report path ${path} must be relative to the workspace`);
    }
    return normalized;
}
//# sourceMappingURL=read-reports.js.map