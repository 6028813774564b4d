"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createPrometheusAnalysis = createPrometheusAnalysis;
const analysis_verdict_1 = require("../../domain/analysis-verdict");
const prometheus_query_1 = require("./prometheus-query");
/** Metric checks as PromQL instant queries against one Prometheus, evaluated side by side. */
function createPrometheusAnalysis(opts) {
    const timeoutMs = opts.timeoutMs ?? 10_000;
    const now = opts.now ?? (() => new Date());
    return {
        async evaluate(checks, io = {}) {
            return Promise.all(checks.map(async (check) => {
                const answer = await (0, prometheus_query_1.queryInstant)(opts.url, check.query, { timeoutMs, signal: io.signal });
                const evaluatedAt = now().toISOString();
                if (!answer.ok)
                    return { ...check, outcome: 'inconclusive', value: null, reason: answer.reason, evaluatedAt };
                const outcome = (0, analysis_verdict_1.compare)(answer.value, check.op, check.threshold) ? 'pass' : 'fail';
                return { ...check, outcome, value: answer.value, evaluatedAt };
            }));
        },
    };
}
//# sourceMappingURL=prometheus-analysis.js.map