import type { CellData } from './board-source';
import { busySince, isInProgress, isWaiting } from '../domain/release-status';
import { isFailedStatus, STUCK_AFTER_MS, type FilterStatus } from './release-status';

/** Which status filters a cell answers to: waiting (on a timer or a person), stuck, failed, running. */
export function cellGroups(cell: CellData | undefined, now: number): FilterStatus[] {
  const release = cell?.release;
  if (!release) return [];
  const groups: FilterStatus[] = [];
  if (release.running && isInProgress(release.status)) groups.push('running');
  if (isWaiting(release.status)) groups.push('waiting');
  if (isFailedStatus(release.status)) groups.push('failed');
  if (release.running && !isWaiting(release.status)) {
    if (now - busySince(release.progress?.stages ?? [], release.startTime) > STUCK_AFTER_MS) groups.push('stuck');
  }
  return groups;
}

/** "sha256:0123456789ab" for a digest-pinned reference, else the last segment ("orders:v1"): what fits in a cell. */
export function shortDigestOrTag(ref: string): string {
  const digest = ref.match(/@(sha256:[0-9a-f]{12})/);
  if (digest) return digest[1]!;
  const lastSlash = ref.lastIndexOf('/');
  return ref.slice(lastSlash + 1);
}
