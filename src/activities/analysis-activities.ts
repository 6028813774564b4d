import { decideAnalysis, type AnalysisVerdict, type InconclusivePolicy } from '../domain/analysis-verdict';
import type { DeployRef } from '../ports/deploy-target';
import type { CheckResult, MetricCheck, MetricsAnalysis } from '../ports/metrics-analysis';
import { activityIo } from './activity-io';

export interface AnalysisDeps {
  /** Absent when no Prometheus is configured: every check is then inconclusive, never passed. */
  metricsAnalysis?: MetricsAnalysis;
}

export interface AnalyzeStepInput extends DeployRef {
  /** e.g. `gray-10`: names the step in results and logs. */
  step: string;
  checks: MetricCheck[];
  inconclusive: InconclusivePolicy;
}

/**
 * `{service}`, `{env}` and `{track}` in a query become the release's own labels, so one catalog check (e.g. the
 * error ratio of the gray track) serves every service and environment.
 */
function bindQuery(query: string, ref: DeployRef, track = 'gray'): string {
  return query.replaceAll('{service}', ref.service).replaceAll('{env}', ref.environment).replaceAll('{track}', track);
}

export function createAnalysisActivities(deps: AnalysisDeps) {
  return {
    /**
     * Evaluates one gray step's checks and decides: pass, fail (roll back) or pause (inconclusive under the pause
     * policy). Returns the verdict rather than throwing, so the workflow shows the results whatever it decides.
     */
    async analyzeGrayStep(input: AnalyzeStepInput): Promise<AnalysisVerdict> {
      const checks = input.checks.map((c) => ({ ...c, query: bindQuery(c.query, input) }));
      let results: CheckResult[];
      if (!deps.metricsAnalysis) {
        const evaluatedAt = new Date().toISOString();
        const reason = 'no Prometheus is configured (GANTRY_PROMETHEUS_URL)';
        results = checks.map((c) => ({ ...c, outcome: 'inconclusive', value: null, reason, evaluatedAt }));
      } else {
        results = await deps.metricsAnalysis.evaluate(checks, { signal: activityIo().signal });
      }
      return decideAnalysis(results, input.inconclusive);
    },
  };
}
