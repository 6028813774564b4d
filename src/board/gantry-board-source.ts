import type { GantryClient, ReleaseSummary } from '../client/gantry-client';
import type { Catalog } from '../config/catalog-schema';
import type { DeploymentState } from '../domain/deployment';
import { resolvePrincipals } from '../domain/permissions';
import type { ReleaseProgress } from '../domain/progress';
import {
  cellKey,
  type BoardAction,
  type BoardSource,
  type CellData,
  type GitOpsCommit,
  type ReleaseCellData,
} from './board-source';
import { isInProgress } from '../domain/release-status';

export interface GantryBoardSourceOptions {
  gantry: GantryClient;
  catalog: Catalog;
  temporalUiUrl?: string;
  namespace?: string;
  gitOpsHistory?: (service: string, environment: string) => Promise<GitOpsCommit[]>;
  /** How many progress queries run at once while taking a snapshot. */
  queryConcurrency?: number;
}

const ACTION_LISTS: Record<BoardAction, 'releasers' | 'approvers' | 'emergencyApprovers'> = {
  release: 'releasers',
  approve: 'emergencyApprovers',
  promote: 'approvers',
  rollback: 'approvers',
  abort: 'approvers',
};

/** The board's data over the Gantry client (visibility + progress queries) and the catalog. */
export function createGantryBoardSource(opts: GantryBoardSourceOptions): BoardSource {
  const { gantry, catalog } = opts;
  // A closed release never changes: its progress is read once.
  const closedProgress = new Map<string, ReleaseProgress | undefined>();

  const queryProgress = async (r: ReleaseSummary): Promise<ReleaseProgress | undefined> => {
    const running = isInProgress(r.status);
    const cacheKey = `${r.workflowId}@${r.startTime}`;
    if (!running && closedProgress.has(cacheKey)) return closedProgress.get(cacheKey);
    const progress = await gantry.releaseProgress(r.service, r.environment).catch(() => undefined);
    // The query answers for the newest run of the id: only cache it when it is this run's.
    if (!running && (!progress || progress.image === r.image)) closedProgress.set(cacheKey, progress);
    return progress;
  };

  return {
    services: () =>
      Object.entries(catalog.services).map(([name, s]) => ({ name, team: s.team, owners: [...s.owners] })),
    environments: () =>
      Object.entries(catalog.environments).map(([name, e]) => ({
        name,
        timeZone: e.timeZone,
        promoteFrom: e.promoteFrom,
      })),
    permittedPeople: (service, environment, action) => {
      const spec = catalog.environments[environment];
      return spec ? resolvePrincipals(catalog, service, spec[ACTION_LISTS[action]]) : [];
    },

    async snapshot() {
      const all = await gantry.listReleases('all');
      const newest = new Map<string, ReleaseSummary>();
      const lastGood = new Map<string, string>();
      for (const r of all) {
        const key = cellKey(r.service, r.environment);
        const seen = newest.get(key);
        if (!seen || seen.startTime < r.startTime) newest.set(key, r);
        if (r.status === 'succeeded' && (lastGood.get(key) ?? '') < `${r.startTime} ${r.image}`) {
          lastGood.set(key, `${r.startTime} ${r.image}`);
        }
      }
      const summaries = [...newest.values()];
      const progress = await mapLimited(summaries, opts.queryConcurrency ?? 8, queryProgress);
      const cells = new Map<string, CellData>();
      summaries.forEach((r, i) => {
        const key = cellKey(r.service, r.environment);
        const p = progress[i];
        const release: ReleaseCellData = {
          workflowId: r.workflowId,
          status: p?.status ?? r.status,
          running: isInProgress(r.status),
          image: r.image,
          requestedBy: p?.requestedBy ?? r.triggeredBy,
          startTime: r.startTime,
          progress: p,
        };
        const stable = lastGood.get(key)?.split(' ')[1] ?? null;
        cells.set(key, {
          service: r.service,
          environment: r.environment,
          deployment: deploymentOf(release, stable),
          release,
        });
      });
      // Best effort: the releases matter more than a preview query that timed out.
      const previews = catalog.previews ? await gantry.listPreviews().catch(() => []) : [];
      return { at: new Date().toISOString(), cells, ...(previews.length ? { previews } : {}) };
    },

    release: (service, environment) =>
      gantry.releaseProgress(service, environment).catch((err: unknown) => {
        if ((err as Error).name === 'WorkflowNotFoundError') return undefined;
        throw err;
      }),
    pipelines: (service, environment) => gantry.listPipelines(service, environment),
    async pipeline(service, environment, commit) {
      const progress = await gantry.pipelineProgress(service, environment, commit).catch((err: unknown) => {
        if ((err as Error).name === 'WorkflowNotFoundError') return undefined;
        throw err;
      });
      if (!progress) return undefined;
      const result = await gantry.pipelineResult(service, environment, commit).catch(() => undefined);
      return { progress, result };
    },
    gitOpsCommits: async (service, environment) => opts.gitOpsHistory?.(service, environment),
    temporalUiLink: (workflowId) =>
      opts.temporalUiUrl
        ? `${opts.temporalUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(opts.namespace ?? 'default')}/workflows/${encodeURIComponent(workflowId)}`
        : undefined,
  };
}

/** What runs, told by the newest release: gray exists between its gray deploy and full; stable is the last good. */
function deploymentOf(release: ReleaseCellData, lastSucceeded: string | null): DeploymentState {
  const p = release.progress;
  if (release.status === 'succeeded') return { stable: release.image, gray: null };
  const gray = p?.stages.find((s) => s.name === 'gray');
  const grayUp = release.running && release.status !== 'rolling-back' && gray?.state === 'succeeded';
  return { stable: p?.previousImage ?? lastSucceeded, gray: grayUp ? release.image : null };
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(lanes);
  return out;
}
