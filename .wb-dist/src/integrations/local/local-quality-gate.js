"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createLocalQualityGate = createLocalQualityGate;
/**
 * The embedded quality gate: the conditions SonarQube's default gate would check that can be decided from the
 * unit-test reports alone — no failed tests, and line coverage at or above the threshold.
 */
function createLocalQualityGate(deps) {
    return {
        async evaluate(input) {
            const conditions = [
                {
                    metric: 'failed_tests',
                    comparator: 'GT',
                    threshold: '0',
                    actual: String(input.tests.failed + input.tests.errors),
                    passed: input.tests.failed + input.tests.errors === 0,
                },
            ];
            if (input.minCoverage > 0) {
                const actual = input.coverage;
                conditions.push({
                    metric: 'line_coverage',
                    comparator: 'LT',
                    threshold: `${(input.minCoverage * 100).toFixed(1)}%`,
                    actual: actual === undefined ? 'no coverage report' : `${(actual * 100).toFixed(1)}%`,
                    passed: actual !== undefined && actual >= input.minCoverage,
                });
            }
            const passed = conditions.every((c) => c.passed);
            const log = deps.logs.open(input.logId);
            for (const c of conditions)
                log.write(`${c.passed ? 'OK   ' : 'ERROR'} ${c.metric}: ${c.actual} (threshold ${c.comparator} ${c.threshold})\n`);
            log.write(`quality gate ${passed ? 'passed' : 'failed'}\n`);
            await log.close();
            return { passed, conditions };
        },
    };
}
//# sourceMappingURL=local-quality-gate.js.map