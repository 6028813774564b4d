import type { CellData } from './board-source';
import { isFailedStatus, isRunningStatus, isWaitingStatus, STUCK_AFTER_MS, type FilterStatus } from './release-status';

/** Which status filters a cell answers to: waiting (on a timer or a person), stuck, failed, running. */
export function cellGroups(cell: CellData | undefined, now: number): FilterStatus[] {
  const release = cell?.release;
  if (!release) return [];
  const groups: FilterStatus[] = [];
  if (release.running && isRunningStatus(release.status)) groups.push('running');
  if (isWaitingStatus(release.status)) groups.push('waiting');
  if (isFailedStatus(release.status)) groups.push('failed');
  if (release.running && !isWaitingStatus(release.status)) {
    const stages = release.progress?.stages ?? [];
    const stage = stages.find((s) => s.state === 'running') ?? stages.find((s) => s.state === 'pending');
    const since = Date.parse(stage?.startedAt ?? release.startTime);
    if (now - since > STUCK_AFTER_MS) groups.push('stuck');
  }
  return groups;
}

/** "sha256:0123456789ab" for a digest-pinned reference, else the tag: what fits in a cell. */
export function shortImage(ref: string): string {
  const digest = ref.match(/@(sha256:[0-9a-f]{12})/);
  if (digest) return digest[1]!;
  const lastSlash = ref.lastIndexOf('/');
  return ref.slice(lastSlash + 1);
}
