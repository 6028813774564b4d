"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createAnalysisActivities = createAnalysisActivities;
const analysis_verdict_1 = require("../domain/analysis-verdict");
const activity_io_1 = require("./activity-io");
/**
 * `{service}`, `{env}` and `{track}` in a query become the release's own labels, so one catalog check (e.g. the
 * error ratio of the gray track) serves every service and environment.
 */
function bindQuery(query, ref, track = 'gray') {
    return query.replaceAll('{service}', ref.service).replaceAll('{env}', ref.environment).replaceAll('{track}', track);
}
function createAnalysisActivities(deps) {
    return {
        /**
         * Evaluates one gray step's checks and decides: pass, fail (roll back) or pause (inconclusive under the pause
         * policy). Returns the verdict rather than throwing, so the workflow shows the results whatever it decides.
         */
        async analyzeGrayStep(input) {
            const checks = input.checks.map((c) => ({ ...c, query: bindQuery(c.query, input) }));
            let results;
            if (!deps.metricsAnalysis) {
                const evaluatedAt = new Date().toISOString();
                const reason = 'no Prometheus is configured (GANTRY_PROMETHEUS_URL)';
                results = checks.map((c) => ({ ...c, outcome: 'inconclusive', value: null, reason, evaluatedAt }));
            }
            else {
                results = await deps.metricsAnalysis.evaluate(checks, { signal: (0, activity_io_1.activityIo)().signal });
            }
            return (0, analysis_verdict_1.decideAnalysis)(results, input.inconclusive);
        },
    };
}
//# sourceMappingURL=analysis-activities.js.map