import { isInProgress, isUnsuccessful, isWaiting } from '../domain/release-status';

/**
 * Release statuses as the board groups them: for the filters, the labels and the colours (never colour alone).
 * The groups are the domain's (src/domain/release-status.ts); the board adds only Temporal's own end states.
 */

/** A run Temporal ended from outside (the list reports its execution status instead of the release's). */
const ENDED_FROM_OUTSIDE = new Set(['terminated', 'timed_out']);

export const isFailedStatus = (status: string): boolean => isUnsuccessful(status) || ENDED_FROM_OUTSIDE.has(status);

/** Statuses the filter offers. */
export const FILTER_STATUSES = ['waiting', 'stuck', 'failed', 'running'] as const;
export type FilterStatus = (typeof FILTER_STATUSES)[number];

/** A running stage busy longer than this without waiting on purpose counts as stuck (as `list --filter stuck`). */
export const STUCK_AFTER_MS = 15 * 60_000;

export interface StatusLook {
  /** CSS class: the colour. */
  tone: 'ok' | 'busy' | 'wait' | 'bad' | 'idle';
  /** A symbol read out as part of the label, so the colour is never the only signal. */
  icon: string;
  label: string;
}

export function statusLook(status: string): StatusLook {
  if (status === 'succeeded') return { tone: 'ok', icon: '✔', label: 'succeeded' };
  if (isFailedStatus(status)) return { tone: 'bad', icon: '✖', label: status.replace(/[-_]/g, ' ') };
  if (isWaiting(status)) return { tone: 'wait', icon: '‖', label: status.replace(/-/g, ' ') };
  if (isInProgress(status)) return { tone: 'busy', icon: '▶', label: status.replace(/-/g, ' ') };
  return { tone: 'idle', icon: '•', label: status.replace(/[-_]/g, ' ') };
}

/** Stages and pipelines use their own few states. */
export function stageLook(state: string): StatusLook {
  if (state === 'running') return { tone: 'busy', icon: '▶', label: 'running' };
  if (state === 'waiting') return { tone: 'wait', icon: '‖', label: 'waiting' };
  if (state === 'pending') return { tone: 'idle', icon: '•', label: 'pending' };
  return statusLook(state);
}
