import type { Catalog } from '../config/catalog-schema';
import { runGit } from '../integrations/git/run-git';
import type { DeployTarget } from '../ports/deploy-target';

/**
 * The local target stops its services with Gantry; on start, bring back what the GitOps repo says should run,
 * the way Argo CD reconciles after a restart. Failures are reported, not fatal: releases fix them.
 */
export async function restoreDeployments(opts: {
  catalog: Catalog;
  gitOpsRemote: string;
  target: DeployTarget;
  log: (line: string) => void;
}): Promise<void> {
  const head = (await runGit(['ls-remote', opts.gitOpsRemote, 'refs/heads/main'])).split('\t')[0]?.trim();
  if (!head) return;
  const io = { signal: new AbortController().signal, heartbeat: () => undefined };
  for (const service of Object.keys(opts.catalog.services)) {
    for (const environment of Object.keys(opts.catalog.environments)) {
      try {
        await opts.target.sync({ service, environment }, head, io);
      } catch (err) {
        opts.log(`[gantry] could not restore ${service}/${environment}: ${(err as Error).message}`);
      }
    }
  }
}
