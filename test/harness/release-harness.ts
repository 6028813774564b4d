import { createDeployActivities } from '../../src/activities/deploy-activities';
import { createNotifyActivities } from '../../src/activities/notify-activities';
import { createPlanActivities } from '../../src/activities/plan-activities';
import { createPromotionActivities } from '../../src/activities/promotion-activities';
import type { Catalog } from '../../src/config/catalog-schema';
import { createGitOpsRepo } from '../../src/integrations/git/git-ops-repo';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import type { RegistryDigests } from '../../src/integrations/registry/registry-digests';
import type { GitOpsRepo } from '../../src/ports/git-ops';
import type { ReleaseEvent } from '../../src/ports/notifier';
import { createBareRepo, makeTempDir } from './git-fixtures';
import { ScriptedDeployTarget } from './scripted-deploy-target';

export interface ReleaseHarness {
  gitOpsRemote: string;
  gitOps: GitOpsRepo;
  target: ScriptedDeployTarget;
  events: ReleaseEvent[];
  activities: Record<string, (...args: never[]) => Promise<unknown>>;
}

/**
 * The release activities over a real GitOps repo (a bare repo in a temp dir, real git) and a scripted deploy
 * target; notifications are recorded.
 */
export async function createReleaseHarness(
  catalog: Catalog,
  opts: { registry?: RegistryDigests } = {},
): Promise<ReleaseHarness> {
  const gitOpsRemote = await createBareRepo();
  const gitOps = createGitOpsRepo({ remoteUrl: gitOpsRemote, workDir: await makeTempDir('gantry-gitops-work-') });
  const logs = createFileLogStore(await makeTempDir('gantry-logs-'));
  const target = new ScriptedDeployTarget();
  const events: ReleaseEvent[] = [];
  const activities = {
    ...createPlanActivities({ catalog, repoBase: 'file:///nowhere', registry: opts.registry }),
    ...createDeployActivities({ gitOps, target, logs }),
    ...createNotifyActivities({ notifier: { notify: async (e: ReleaseEvent) => void events.push(e) } }),
    ...createPromotionActivities(),
  };
  return { gitOpsRemote, gitOps, target, events, activities };
}
