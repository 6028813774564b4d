"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseCoverage = parseCoverage;
const fast_xml_parser_1 = require("fast-xml-parser");
const parser = new fast_xml_parser_1.XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && name === 'counter',
});
/**
 * Line coverage in [0, 1] from a coverage report. A report that measured no lines at all gives 0: nothing was
 * shown to be covered, and a quality gate should not pass on an empty measurement.
 */
function parseCoverage(text, format) {
    switch (format) {
        case 'lcov':
            return parseLcov(text);
        case 'cobertura':
            return parseCobertura(text);
        case 'jacoco':
            return parseJacoco(text);
        case 'go':
            return parseGo(text);
        case 'clover':
            return parseClover(text);
        default:
            throw new Error(`unknown coverage format ${String(format)}`);
    }
}
function parseLcov(text) {
    let found = 0;
    let hit = 0;
    let records = 0;
    // Per record: LF/LH when present, else the DA lines (some generators omit the summary lines).
    let lf;
    let lh;
    let daFound = 0;
    let daHit = 0;
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (line.startsWith('LF:'))
            lf = integer(line.slice(3), 'lcov LF');
        else if (line.startsWith('LH:'))
            lh = integer(line.slice(3), 'lcov LH');
        else if (line.startsWith('DA:')) {
            const hits = line.slice(3).split(',')[1];
            daFound += 1;
            if (hits !== undefined && Number(hits) > 0)
                daHit += 1;
        }
        else if (line === 'end_of_record') {
            found += lf ?? daFound;
            hit += lf !== undefined ? (lh ?? 0) : daHit;
            records += 1;
            lf = lh = undefined;
            daFound = daHit = 0;
        }
    }
    if (records === 0)
        throw new Error('not an lcov report: no end_of_record line');
    return ratio(hit, found);
}
function parseCobertura(text) {
    const coverage = parseXml(text, 'cobertura').coverage;
    if (!isNode(coverage))
        throw new Error('not a Cobertura report: no <coverage> root');
    const rate = coverage['@_line-rate'];
    if (typeof rate === 'string' && rate.trim() !== '') {
        const value = Number(rate);
        if (!Number.isFinite(value) || value < 0 || value > 1) {
            throw new Error(`Cobertura report: line-rate "${rate}" is not a number between 0 and 1`);
        }
        return value;
    }
    const covered = coverage['@_lines-covered'];
    const valid = coverage['@_lines-valid'];
    if (typeof covered === 'string' && typeof valid === 'string') {
        return ratio(integer(covered, 'Cobertura lines-covered'), integer(valid, 'Cobertura lines-valid'));
    }
    throw new Error('Cobertura report: <coverage> has no line-rate attribute');
}
function parseJacoco(text) {
    const report = parseXml(text, 'JaCoCo').report;
    if (!isNode(report))
        throw new Error('not a JaCoCo report: no <report> root');
    // Only the counters directly under <report> total the whole run; the nested ones are per package/class.
    const counters = Array.isArray(report.counter) ? report.counter.filter(isNode) : [];
    const line = counters.find((counter) => counter['@_type'] === 'LINE');
    if (!line)
        throw new Error('JaCoCo report: no report-level <counter type="LINE">');
    const missed = integer(line['@_missed'], 'JaCoCo LINE missed');
    const covered = integer(line['@_covered'], 'JaCoCo LINE covered');
    return ratio(covered, missed + covered);
}
/**
 * Clover (PHPUnit's --coverage-clover, also OpenClover and Istanbul): the project-level <metrics> totals. Clover
 * counts statements, which is PHPUnit's executable lines, so statements stand for lines here.
 */
function parseClover(text) {
    const coverage = parseXml(text, 'Clover').coverage;
    const project = isNode(coverage) ? coverage.project : undefined;
    if (!isNode(project))
        throw new Error('not a Clover report: no <coverage><project> root');
    const metrics = project.metrics;
    if (!isNode(metrics))
        throw new Error('Clover report: no project-level <metrics>');
    const statements = integer(metrics['@_statements'], 'Clover statements');
    const covered = integer(metrics['@_coveredstatements'], 'Clover coveredstatements');
    return ratio(covered, statements);
}
const GO_TOTAL = /^total:\s+\(statements\)\s+(\d+(?:\.\d+)?)%\s*$/m;
const GO_BLOCK = /^(.+:\d+\.\d+,\d+\.\d+) (\d+) (\d+)$/;
/** Either `go tool cover -func` output (its total line) or a raw `-coverprofile` file. */
function parseGo(text) {
    const total = GO_TOTAL.exec(text);
    if (total?.[1] !== undefined)
        return Math.min(1, Number(total[1]) / 100);
    const lines = text.split(/\r?\n/);
    if (!lines.some((line) => line.startsWith('mode:'))) {
        throw new Error('Go coverage: expected `go tool cover -func` output with a total: line or a profile with a mode: line');
    }
    // Profiles concatenated from several test binaries (-coverpkg) repeat blocks: a block counts once, covered if
    // any run covered it, as `go tool cover` does.
    const blocks = new Map();
    lines.forEach((raw, index) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('mode:'))
            return;
        const match = GO_BLOCK.exec(line);
        if (!match?.[1] || match[2] === undefined || match[3] === undefined) {
            throw new Error(`Go coverage profile, line ${index + 1}: cannot read "${line.slice(0, 120)}"`);
        }
        const previous = blocks.get(match[1]);
        blocks.set(match[1], {
            statements: Number(match[2]),
            covered: (previous?.covered ?? false) || Number(match[3]) > 0,
        });
    });
    let statements = 0;
    let covered = 0;
    for (const block of blocks.values()) {
        statements += block.statements;
        if (block.covered)
            covered += block.statements;
    }
    return ratio(covered, statements);
}
function parseXml(text, what) {
    const valid = fast_xml_parser_1.XMLValidator.validate(text);
    if (valid !== true)
        throw new Error(`invalid ${what} XML: ${valid.err.msg} (line ${valid.err.line})`);
    return parser.parse(text);
}
function isNode(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function integer(value, what) {
    const parsed = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isFinite(parsed))
        throw new Error(`${what}: "${String(value)}" is not a count`);
    return parsed;
}
function ratio(part, whole) {
    return whole > 0 ? Math.min(1, part / whole) : 0;
}
//# sourceMappingURL=coverage.js.map