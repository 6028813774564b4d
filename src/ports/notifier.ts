import type { ReleaseProgress } from '../domain/progress';

export type ReleaseEventKind =
  | 'waiting-for-window'
  | 'waiting-for-promotion'
  | 'started'
  | 'stage-changed'
  | 'succeeded'
  | 'failed'
  | 'rolled-back'
  | 'aborted';

export interface ReleaseEvent {
  kind: ReleaseEventKind;
  /** Snapshot of the release when the event happened; notifiers render it (one card, updated in place). */
  progress: ReleaseProgress;
  /** People who must act now (owners for a promotion, leads for an emergency). */
  mention: string[];
}

export interface Notifier {
  notify(event: ReleaseEvent): Promise<void>;
}
