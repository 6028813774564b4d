"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseJUnitXml = parseJUnitXml;
exports.mergeTestSummaries = mergeTestSummaries;
const fast_xml_parser_1 = require("fast-xml-parser");
const MAX_FAILURES = 20;
const MAX_MESSAGE = 500;
const ARRAY_TAGS = new Set(['testsuite', 'testcase', 'failure', 'error', 'skipped']);
const parser = new fast_xml_parser_1.XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    // Names and messages stay strings: a test named "1e3" is not a number.
    parseTagValue: false,
    parseAttributeValue: false,
    alwaysCreateTextNode: true,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ARRAY_TAGS.has(name),
});
/**
 * Summarises one JUnit XML report. Accepts what Maven Surefire, go-junit-report and Node's junit reporter write:
 * a `<testsuites>` root or a bare `<testsuite>`, suites nested in suites (Node's describe blocks) and testcases
 * directly under `<testsuites>` (Node's top-level tests).
 */
function parseJUnitXml(xml) {
    const valid = fast_xml_parser_1.XMLValidator.validate(xml);
    if (valid !== true) {
        throw new Error(`invalid JUnit XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
    }
    const doc = parser.parse(xml);
    let tally;
    if (isNode(doc.testsuites))
        tally = collect(doc.testsuites);
    else if (Array.isArray(doc.testsuite) && doc.testsuite.length === 1 && isNode(doc.testsuite[0])) {
        tally = collect(doc.testsuite[0]);
    }
    else {
        const root = Object.keys(doc).find((key) => !key.startsWith('?') && !key.startsWith('!')) ?? 'nothing';
        throw new Error(`not a JUnit XML report: expected a <testsuites> or <testsuite> root, found <${root}>`);
    }
    return {
        total: tally.total,
        passed: Math.max(0, tally.total - tally.failed - tally.errors - tally.skipped),
        failed: tally.failed,
        errors: tally.errors,
        skipped: tally.skipped,
        durationMs: Math.round(tally.durationMs),
        failures: tally.failures.slice(0, MAX_FAILURES),
    };
}
/** Adds up several reports (one per test class for Surefire, one per package for some Go setups). */
function mergeTestSummaries(list) {
    const merged = { total: 0, passed: 0, failed: 0, errors: 0, skipped: 0, durationMs: 0, failures: [] };
    for (const summary of list) {
        merged.total += summary.total;
        merged.passed += summary.passed;
        merged.failed += summary.failed;
        merged.errors += summary.errors;
        merged.skipped += summary.skipped;
        merged.durationMs += summary.durationMs;
        if (merged.failures.length < MAX_FAILURES) {
            merged.failures.push(...summary.failures.slice(0, MAX_FAILURES - merged.failures.length));
        }
    }
    return merged;
}
/** Counts come from the testcases, which tools agree on better than they do on suite attributes. */
function collect(suite) {
    const tally = { total: 0, failed: 0, errors: 0, skipped: 0, durationMs: 0, failures: [] };
    let childTime = 0;
    for (const testcase of nodes(suite.testcase)) {
        tally.total += 1;
        childTime += seconds(testcase['@_time']) * 1000;
        const failure = nodes(testcase.failure)[0];
        const error = nodes(testcase.error)[0];
        const problem = failure ?? error;
        if (problem) {
            if (failure)
                tally.failed += 1;
            else
                tally.errors += 1;
            if (tally.failures.length < MAX_FAILURES) {
                const className = attr(testcase, 'classname') ?? attr(testcase, 'class');
                tally.failures.push({
                    name: attr(testcase, 'name') ?? '(unnamed)',
                    ...(className !== undefined ? { className } : {}),
                    message: messageOf(problem, failure ? 'failed' : 'error'),
                });
            }
        }
        else if (testcase.skipped !== undefined) {
            tally.skipped += 1;
        }
    }
    for (const child of nodes(suite.testsuite)) {
        const sub = collect(child);
        tally.total += sub.total;
        tally.failed += sub.failed;
        tally.errors += sub.errors;
        tally.skipped += sub.skipped;
        childTime += sub.durationMs;
        tally.failures.push(...sub.failures.slice(0, MAX_FAILURES - tally.failures.length));
    }
    // A suite's own time includes setup the testcases do not; without one, the parts add up.
    const own = attr(suite, 'time');
    tally.durationMs = own !== undefined && own.trim() !== '' ? seconds(own) * 1000 : childTime;
    if (tally.total === 0 && attr(suite, 'tests') !== undefined) {
        // Some tools (and build errors) leave only the suite's counters.
        tally.total = count(suite, 'tests');
        tally.failed = count(suite, 'failures');
        tally.errors = count(suite, 'errors');
        tally.skipped = count(suite, 'skipped') || count(suite, 'skips') || count(suite, 'disabled');
    }
    return tally;
}
function messageOf(problem, fallback) {
    const attribute = attr(problem, 'message')?.trim();
    const body = typeof problem['#text'] === 'string' ? problem['#text'] : '';
    const firstLine = body
        .split(/\r?\n/)
        .map((line) => line.trim())
        .find((line) => line !== '');
    // go-junit-report writes message="Failed" on every failure; the body says what actually failed.
    const generic = attribute === undefined || attribute === '' || /^(failed|error)$/i.test(attribute);
    const message = (generic ? (firstLine ?? attribute) : attribute) || attr(problem, 'type') || fallback;
    return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;
}
function nodes(value) {
    return Array.isArray(value) ? value.filter(isNode) : [];
}
function isNode(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function attr(node, name) {
    const value = node[`@_${name}`];
    return typeof value === 'string' ? value : undefined;
}
function count(node, name) {
    const value = Number.parseInt(attr(node, name) ?? '', 10);
    return Number.isFinite(value) && value > 0 ? value : 0;
}
/** Surefire has written "1,234.5" in some locales; anything unreadable counts as no time. */
function seconds(value) {
    if (typeof value !== 'string')
        return 0;
    const parsed = Number.parseFloat(value.replace(/,/g, ''));
    return Number.isFinite(parsed) && parsed > 0 ? parsed : 0;
}
//# sourceMappingURL=junit.js.map