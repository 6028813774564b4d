import type { Catalog } from '../config/catalog-schema';
import type { Notifier } from '../ports/notifier';
import { createBuildActivities, type BuildDeps } from './build-activities';
import { createDeployActivities, type DeployDeps } from './deploy-activities';
import { createNotifyActivities } from './notify-activities';
import { createPlanActivities } from './plan-activities';

export type ActivityDeps = BuildDeps & DeployDeps & { catalog: Catalog; repoBase: string; notifier: Notifier };

/** Every activity of Gantry, bound to its clients. The worker calls this once. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createPlanActivities(deps),
    ...createBuildActivities(deps),
    ...createDeployActivities(deps),
    ...createNotifyActivities(deps),
  };
}

export type GantryActivities = ReturnType<typeof createActivities>;
export type { ReleasePlan, PipelinePlan } from './plan-activities';
