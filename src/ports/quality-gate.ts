import type { LanguageSpec } from '../config/catalog-schema';
import type { QualityGateResult, TestSummary } from '../domain/test-report';

export interface QualityGateInput {
  service: string;
  commit: string;
  workspace: string;
  tests: TestSummary;
  /** Line coverage in [0, 1] when the language produces a report. */
  coverage?: number;
  minCoverage: number;
  /** The service's language: where a scanner runs (its build image) and how. */
  language: LanguageSpec;
  logId: string;
}

export interface QualityGate {
  evaluate(input: QualityGateInput, io: { signal: AbortSignal; heartbeat: () => void }): Promise<QualityGateResult>;
}
