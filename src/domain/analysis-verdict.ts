import type { CheckOperator, CheckResult } from '../ports/metrics-analysis';

/** What to do when a check cannot be evaluated: fail the step (roll back) or pause for a person. */
export type InconclusivePolicy = 'fail' | 'pause';

export interface AnalysisVerdict {
  /** pass: every check passed; fail: roll back; pause: wait for a person (inconclusive under the pause policy). */
  verdict: 'pass' | 'fail' | 'pause';
  results: CheckResult[];
  /** One line per check that did not pass: `name: query = value (wants op threshold)` or its reason. */
  summary: string;
}

/** Whether `value op threshold` holds. Pure: safe in workflow code. */
export function compare(value: number, op: CheckOperator, threshold: number): boolean {
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
export function decideAnalysis(results: CheckResult[], inconclusive: InconclusivePolicy): AnalysisVerdict {
  const failed = results.filter((r) => r.outcome === 'fail');
  const unknown = results.filter((r) => r.outcome === 'inconclusive');
  const verdict = failed.length > 0 ? 'fail' : unknown.length > 0 ? inconclusive : 'pass';
  const lines = [...failed, ...unknown].map(describeCheck);
  return { verdict, results, summary: lines.join('\n') };
}

function describeCheck(r: CheckResult): string {
  const wants = `wants ${r.op} ${r.threshold}`;
  if (r.outcome === 'inconclusive')
    return `${r.name}: ${r.query} could not be evaluated (${r.reason ?? 'no value'}; ${wants})`;
  return `${r.name}: ${r.query} = ${r.value} (${wants}): ${r.outcome === 'pass' ? 'passed' : 'failed'}`;
}
