import { fileURLToPath } from 'node:url';
import type { GantryClient } from '../client/gantry-client';
import type { Catalog } from '../config/catalog-schema';
import type { Settings } from '../config/settings';
import { createBoardRoutes } from './board-routes';
import { createGantryBoardSource } from './gantry-board-source';
import { createGitOpsHistory } from './git-ops-history';

export type Board = ReturnType<typeof createBoardRoutes>;

/** A bare repository on this machine (`file://…` or a path), whose history the board can read directly. */
function localBareRepo(remote: string): string | undefined {
  if (remote.startsWith('file://')) return fileURLToPath(remote);
  return remote.startsWith('/') ? remote : undefined;
}

/** The release board of one API server, from the server's settings: one shared poller, closed with `close()`. */
export function createGantryBoard(deps: {
  settings: Pick<Settings, 'temporal' | 'gitOpsRemote'>;
  catalog: Catalog;
  gantry: GantryClient;
  log?: (line: string) => void;
}): Board {
  const { settings } = deps;
  const gitOps = localBareRepo(settings.gitOpsRemote);
  return createBoardRoutes({
    source: createGantryBoardSource({
      gantry: deps.gantry,
      catalog: deps.catalog,
      temporalUiUrl: settings.temporal.uiUrl,
      namespace: settings.temporal.namespace,
      // A remote GitOps repo (https/ssh) is not read from here: the release page then shows no commits.
      gitOpsHistory: gitOps ? createGitOpsHistory(gitOps) : undefined,
    }),
    pollIntervalMs: 2000,
    log: deps.log,
  });
}
