/** A summary of JUnit XML reports: what people need to see, not the whole XML. */
export interface TestSummary {
  total: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  durationMs: number;
  /** The first failures (bounded), with their messages. */
  failures: { name: string; className?: string; message: string }[];
}

export interface QualityCondition {
  metric: string;
  comparator: 'LT' | 'GT' | 'EQ';
  threshold: string;
  actual: string;
  passed: boolean;
}

export interface QualityGateResult {
  passed: boolean;
  conditions: QualityCondition[];
}
