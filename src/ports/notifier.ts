import type { ReleaseProgress } from '../domain/progress';

export type ReleaseEventKind =
  | 'waiting-for-window'
  | 'waiting-for-promotion'
  | 'escalated'
  | 'started'
  | 'stage-changed'
  | 'succeeded'
  | 'failed'
  | 'rolled-back'
  | 'aborted';

export interface ReleaseEvent {
  kind: ReleaseEventKind;
  /**
   * What the notifier returned for this release's previous event (e.g. a chat message id), so one card is
   * updated in place. The workflow keeps it, so it survives worker restarts and is shared by all workers.
   */
  cardRef?: string;
  /** Snapshot of the release when the event happened; notifiers render it (one card, updated in place). */
  progress: ReleaseProgress;
  /** People who must act now (owners for a promotion, leads for an emergency). */
  mention: string[];
}

export interface Notifier {
  /** Returns a reference to what it posted (a card to update next time), if anything. */
  notify(event: ReleaseEvent): Promise<{ cardRef?: string } | void>;
}
