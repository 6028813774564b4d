/** Release statuses as the board groups them: for the filters, the labels and the colours (never colour alone). */

const RUNNING = new Set([
  'pending',
  'waiting-for-window',
  'deploying-gray',
  'baking',
  'waiting-for-promotion',
  'deploying-full',
  'rolling-back',
]);
const WAITING = new Set(['waiting-for-window', 'waiting-for-promotion', 'baking']);
const FAILED = new Set(['failed', 'rolled-back', 'terminated', 'timed_out']);

export const isRunningStatus = (status: string): boolean => RUNNING.has(status);
export const isWaitingStatus = (status: string): boolean => WAITING.has(status);
export const isFailedStatus = (status: string): boolean => FAILED.has(status);

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
  if (FAILED.has(status)) return { tone: 'bad', icon: '✖', label: status.replace(/[-_]/g, ' ') };
  if (WAITING.has(status)) return { tone: 'wait', icon: '‖', label: status.replace(/-/g, ' ') };
  if (RUNNING.has(status)) return { tone: 'busy', icon: '▶', label: status.replace(/-/g, ' ') };
  return { tone: 'idle', icon: '•', label: status.replace(/[-_]/g, ' ') };
}

/** Stages and pipelines use their own few states. */
export function stageLook(state: string): StatusLook {
  if (state === 'running') return { tone: 'busy', icon: '▶', label: 'running' };
  if (state === 'waiting') return { tone: 'wait', icon: '‖', label: 'waiting' };
  if (state === 'pending') return { tone: 'idle', icon: '•', label: 'pending' };
  return statusLook(state);
}
