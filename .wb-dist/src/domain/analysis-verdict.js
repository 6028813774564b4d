"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.compare = compare;
exports.decideAnalysis = decideAnalysis;
/** Whether `value op threshold` holds. Pure: safe in workflow code. */
function compare(value, op, threshold) {
    switch (op) {
        case '<':
            return value < threshold;
        case '<=':
            return value <= threshold;
        case '>':
            return value > threshold;
        case '>=':
            return value >= threshold;
        case '==':
            return value === threshold;
        case '!=':
            return value !== threshold;
    }
}
/**
 * A failed check fails the step whatever the policy; an inconclusive one follows the policy and never counts as
 * passed. No checks at all pass (a step without checks only bakes).
 */
function decideAnalysis(results, inconclusive) {
    const failed = results.filter((r) => r.outcome === 'fail');
    const unknown = results.filter((r) => r.outcome === 'inconclusive');
    const verdict = failed.length > 0 ? 'fail' : unknown.length > 0 ? inconclusive : 'pass';
    const lines = [...failed, ...unknown].map(describeCheck);
    return { verdict, results, summary: lines.join('\n') };
}
function describeCheck(r) {
    const wants = `wants ${r.op} ${r.threshold}`;
    if (r.outcome === 'inconclusive')
        return `${r.name}: ${r.query} could not be evaluated (${r.reason ?? 'no value'}; ${wants})`;
    return `${r.name}: ${r.query} = ${r.value} (${wants}): ${r.outcome === 'pass' ? 'passed' : 'failed'}`;
}
//# sourceMappingURL=analysis-verdict.js.map