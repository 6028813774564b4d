"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ConfigError = void 0;
exports.problemsOf = problemsOf;
exports.parseCatalog = parseCatalog;
exports.loadCatalog = loadCatalog;
const promises_1 = require("node:fs/promises");
const yaml_1 = require("yaml");
const catalog_references_1 = require("./catalog-references");
const catalog_schema_1 = require("./catalog-schema");
/** Invalid configuration: every problem, each with its path and a hint, so one run shows them all. */
class ConfigError extends Error {
    source;
    problems;
    constructor(source, problems) {
        super(`${source} is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
            problems.map((p) => `  - ${p.path || '(root)'}: ${p.message}`).join('\n'));
        this.source = source;
        this.problems = problems;
        this.name = 'ConfigError';
    }
}
exports.ConfigError = ConfigError;
const formatPath = (path) => path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
function describeIssue(issue) {
    if (issue.code === 'invalid_type' && issue.message.includes('received undefined'))
        return `required (${issue.expected})`;
    if (issue.code === 'invalid_key')
        return `invalid name: ${issue.issues[0]?.message ?? issue.message}`;
    return issue.message;
}
function problemsOf(error) {
    return error.issues.map((issue) => ({ path: formatPath(issue.path), message: describeIssue(issue) }));
}
function parseCatalog(text, source) {
    const doc = (0, yaml_1.parseDocument)(text, { prettyErrors: true });
    if (doc.errors.length > 0) {
        throw new ConfigError(source, doc.errors.map((e) => ({
            path: `line ${e.linePos?.[0]?.line ?? '?'}`,
            message: e.message.split('\n')[0] ?? e.message,
        })));
    }
    const raw = doc.toJS();
    const result = catalog_schema_1.catalogSchema.safeParse(raw);
    if (!result.success) {
        // Structural errors stop zod before the cross-reference checks; run those on the raw document as well.
        const problems = problemsOf(result.error);
        for (const p of (0, catalog_references_1.crossReferenceProblems)(raw)) {
            const path = formatPath(p.path);
            if (!problems.some((q) => q.path === path))
                problems.push({ path, message: p.message });
        }
        throw new ConfigError(source, problems);
    }
    return result.data;
}
async function loadCatalog(file) {
    let text;
    try {
        text = await (0, promises_1.readFile)(file, 'utf8');
    }
    catch (err) {
        throw new ConfigError(file, [{ path: '', message: `cannot read the catalog: ${err.message}` }]);
    }
    return parseCatalog(text, file);
}
//# sourceMappingURL=load-catalog.js.map