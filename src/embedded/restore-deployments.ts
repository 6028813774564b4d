import type { Catalog } from '../config/catalog-schema';
import { runGit } from '../integrations/git/run-git';
import type { DeployRef, DeployTarget } from '../ports/deploy-target';

/**
 * The local target stops its services with Gantry; on start, bring back what the GitOps repo says should run,
 * the way Argo CD reconciles after a restart: every catalog environment, and the merge request previews still open
 * (their preview workflows wait for the next event and would not deploy again). Failures are reported, not fatal:
 * releases fix them.
 */
export async function restoreDeployments(opts: {
  catalog: Catalog;
  gitOpsRemote: string;
  target: DeployTarget;
  log: (line: string) => void;
  /** Open previews (preview-<iid> environments), each at the port it had. */
  previews?: DeployRef[];
}): Promise<void> {
  const head = (await runGit(['ls-remote', opts.gitOpsRemote, 'refs/heads/main'])).split('\t')[0]?.trim();
  if (!head) return;
  const io = { signal: new AbortController().signal, heartbeat: () => undefined };
  const refs: DeployRef[] = [
    ...Object.keys(opts.catalog.services).flatMap((service) =>
      Object.keys(opts.catalog.environments).map((environment) => ({ service, environment })),
    ),
    ...(opts.previews ?? []),
  ];
  for (const ref of refs) {
    try {
      await opts.target.sync(ref, head, io);
    } catch (err) {
      opts.log(`[gantry] could not restore ${ref.service}/${ref.environment}: ${(err as Error).message}`);
    }
  }
}
