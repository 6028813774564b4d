import type { Catalog } from '../config/catalog-schema';
import type { RegistryDigests } from '../integrations/registry/registry-digests';
import type { Notifier } from '../ports/notifier';
import { createAnalysisActivities, type AnalysisDeps } from './analysis-activities';
import { createBuildActivities, type BuildDeps } from './build-activities';
import { createDeployActivities, type DeployDeps } from './deploy-activities';
import { createLeaseActivities } from './lease-activities';
import { createNotifyActivities } from './notify-activities';
import { createPackageActivities, type PackageDeps } from './package-activities';
import { createPlanActivities } from './plan-activities';
import { createPreviewActivities } from './preview-activities';
import { createPromotionActivities } from './promotion-activities';
import { createScanActivities, type ScanDeps } from './scan-activities';

export type ActivityDeps = BuildDeps &
  PackageDeps &
  DeployDeps &
  AnalysisDeps &
  ScanDeps & {
    catalog: Catalog;
    repoBase: string;
    notifier: Notifier;
    /** Resolves tags to digests where an environment requires digests. */
    registry?: RegistryDigests;
    /** Where a preview environment answers when the catalog's previews.url does not say. */
    previewUrlOf?: (service: string, environment: string) => string;
  };

/** Every activity of Gantry, bound to its clients. The worker calls this once. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createPlanActivities(deps),
    ...createBuildActivities(deps),
    ...createPackageActivities(deps),
    ...createScanActivities(deps),
    ...createDeployActivities(deps),
    ...createNotifyActivities(deps),
    ...createAnalysisActivities(deps),
    ...createLeaseActivities(),
    ...createPreviewActivities(deps),
    ...createPromotionActivities(),
  };
}

export type GantryActivities = ReturnType<typeof createActivities>;
export type { ReleasePlan, PipelinePlan, PreviewPlan } from './plan-activities';
