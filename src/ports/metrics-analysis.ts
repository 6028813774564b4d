/** How a check's value is compared with its threshold: the check passes when `value <op> threshold` holds. */
export const CHECK_OPERATORS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type CheckOperator = (typeof CHECK_OPERATORS)[number];

/** One metric check of a gray step, e.g. error ratio `< 0.01`. */
export interface MetricCheck {
  name: string;
  /** PromQL instant query returning one number (a scalar or a one-element vector). */
  query: string;
  op: CheckOperator;
  threshold: number;
}

export type CheckOutcome = 'pass' | 'fail' | 'inconclusive';

/** What people see in progress, the card and the error report: the query, its value and the threshold. */
export interface CheckResult extends MetricCheck {
  outcome: CheckOutcome;
  /** null when there was no number to compare (inconclusive). */
  value: number | null;
  /** Why a check is inconclusive (Prometheus down, no data, NaN, several series); absent otherwise. */
  reason?: string;
  evaluatedAt: string;
}

export interface AnalysisIo {
  signal?: AbortSignal;
}

/** Evaluates metric checks against a metrics backend (Prometheus). Never throws for a check it cannot evaluate. */
export interface MetricsAnalysis {
  evaluate(checks: readonly MetricCheck[], io?: AnalysisIo): Promise<CheckResult[]>;
}
