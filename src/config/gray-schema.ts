import { z } from 'zod';
import { CHECK_OPERATORS } from '../ports/metrics-analysis';
import { durationSchema } from './duration';

// A service's gray policy: weighted steps, bake times and the metric checks that decide each step.

export const metricCheckSchema = z.object({
  name: z.string().min(1),
  /** PromQL returning one number; `{service}`, `{env}` and `{track}` become the release's labels. */
  query: z.string().min(1),
  op: z.enum(CHECK_OPERATORS),
  threshold: z.number(),
});

/** One weighted gray step: `weight` percent of real requests go to gray for `bake`, then its checks decide. */
export const grayStepSchema = z.object({
  weight: z.number().int().min(1).max(100),
  bake: durationSchema.default(0),
  checks: z.array(metricCheckSchema).default([]),
});

export const graySchema = z.object({
  enabled: z.boolean().default(true),
  bake: durationSchema.default(0),
  promotion: z.enum(['manual', 'auto']).default('manual'),
  /** Weighted steps before full, e.g. [{weight: 10, bake: 2m}, {weight: 50, bake: 5m}]; none: gray takes no traffic. */
  steps: z
    .array(grayStepSchema)
    .default([])
    .refine((steps) => steps.every((step, i) => i === 0 || step.weight > steps[i - 1]!.weight), {
      message: 'step weights must increase, e.g. 10, 50',
    }),
  analysis: z
    .object({
      /** A check that cannot be evaluated (Prometheus down, no data) fails the step, or pauses for a person. */
      inconclusive: z.enum(['fail', 'pause']).default('pause'),
    })
    .default({ inconclusive: 'pause' }),
});
