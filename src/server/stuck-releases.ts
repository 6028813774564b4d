import type { GantryClient } from '../client/gantry-client';
import type { ReleaseProgress } from '../domain/progress';
import { busySince, isWaiting } from '../domain/release-status';

/** Running releases whose current stage has been busy longer than `olderThanMs` without waiting on purpose. */
export async function findStuckReleases(
  gantry: GantryClient,
  olderThanMs: number,
  now = Date.now(),
): Promise<ReleaseProgress[]> {
  const running = await gantry.listReleases('running');
  const stuck: ReleaseProgress[] = [];
  for (const r of running.filter((r) => !isWaiting(r.status))) {
    const progress = await gantry.releaseProgress(r.service, r.environment);
    if (now - busySince(progress.stages, r.startTime) > olderThanMs) stuck.push(progress);
  }
  return stuck;
}
