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

export interface QualityGateIo {
  signal: AbortSignal;
  /** Details name what the gate waits on (e.g. the SonarQube task id), so a retry can re-attach to it. */
  heartbeat: (details?: unknown) => void;
  /** See StepIo.detached: a worker stop, not a person's cancel. */
  detached?: () => boolean;
  /** The last heartbeat details of an earlier attempt. */
  previous?: unknown;
}

export interface QualityGate {
  evaluate(input: QualityGateInput, io: QualityGateIo): Promise<QualityGateResult>;
}
