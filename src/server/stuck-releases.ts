import type { GantryClient } from '../client/gantry-client';
import type { ReleaseProgress } from '../domain/progress';

/** Statuses in which a release waits on purpose (a timer or a person): long waits there are not "stuck". */
const WAITING = new Set(['waiting-for-window', 'waiting-for-promotion', 'baking']);

/** Running releases whose current stage has been busy longer than `olderThanMs` without waiting on purpose. */
export async function findStuckReleases(
  gantry: GantryClient,
  olderThanMs: number,
  now = Date.now(),
): Promise<ReleaseProgress[]> {
  const running = await gantry.listReleases('running');
  const stuck: ReleaseProgress[] = [];
  for (const r of running.filter((r) => !WAITING.has(r.status))) {
    const progress = await gantry.releaseProgress(r.service, r.environment);
    const stage =
      progress.stages.find((s) => s.state === 'running') ?? progress.stages.find((s) => s.state === 'pending');
    const since = stage?.startedAt ? Date.parse(stage.startedAt) : Date.parse(r.startTime);
    if (now - since > olderThanMs) stuck.push(progress);
  }
  return stuck;
}
