import { compare } from '../../domain/analysis-verdict';
import type { AnalysisIo, CheckResult, MetricCheck, MetricsAnalysis } from '../../ports/metrics-analysis';
import { queryInstant } from './prometheus-query';

export interface PrometheusAnalysisOptions {
  url: string;
  /** Per query; a slow Prometheus makes the check inconclusive rather than holding the step. */
  timeoutMs?: number;
  now?: () => Date;
}

/** Metric checks as PromQL instant queries against one Prometheus, evaluated side by side. */
export function createPrometheusAnalysis(opts: PrometheusAnalysisOptions): MetricsAnalysis {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const now = opts.now ?? (() => new Date());
  return {
    async evaluate(checks: readonly MetricCheck[], io: AnalysisIo = {}): Promise<CheckResult[]> {
      return Promise.all(
        checks.map(async (check): Promise<CheckResult> => {
          const answer = await queryInstant(opts.url, check.query, { timeoutMs, signal: io.signal });
          const evaluatedAt = now().toISOString();
          if (!answer.ok) return { ...check, outcome: 'inconclusive', value: null, reason: answer.reason, evaluatedAt };
          const outcome = compare(answer.value, check.op, check.threshold) ? 'pass' : 'fail';
          return { ...check, outcome, value: answer.value, evaluatedAt };
        }),
      );
    },
  };
}
