import { Context } from '@temporalio/activity';
import { healthyRuns } from '../client/healthy-runs';
import type { HealthyRun } from '../domain/promotion';

/** What ran healthy where, for the release workflow's own promotion check (visibility, through the worker's client). */
export function createPromotionActivities() {
  return {
    /** The source environment's healthy runs, newest first: the release decides with src/domain/promotion.ts. */
    async healthyRunsIn(input: { service: string; environment: string }): Promise<HealthyRun[]> {
      return healthyRuns(Context.current().client, input.service, input.environment);
    },
  };
}
