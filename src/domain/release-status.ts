import type { ReleaseStatus } from './progress';

/**
 * The status groups every reader of a release agrees on: the workflow's validators decide with them, the Feishu
 * card offers buttons by them, and the CLI and client stop following or filter by them.
 */

/** Nothing has been changed yet: a newer image replaces the request instead of queueing, abort needs no undo. */
const NOTHING_CHANGED: readonly ReleaseStatus[] = ['pending', 'waiting-for-window'];

/** The world has been changed (or is being changed): a rollback makes sense. */
const CHANGING: readonly ReleaseStatus[] = ['deploying-gray', 'baking', 'waiting-for-promotion', 'deploying-full'];

/** The run is over: nothing is left to decide or stop. */
const FINISHED: readonly ReleaseStatus[] = ['succeeded', 'failed', 'rolled-back', 'aborted', 'superseded'];

/** Gray is up and a promote takes it to full. */
const PROMOTABLE: readonly ReleaseStatus[] = ['baking', 'waiting-for-promotion'];

/** Waiting on purpose, on a timer or a person: a long wait here is not "stuck". */
export const WAITING: readonly ReleaseStatus[] = ['waiting-for-window', 'baking', 'waiting-for-promotion'];

/** Not over yet: everything before FINISHED, a rollback in progress included. */
const IN_PROGRESS: readonly ReleaseStatus[] = [...NOTHING_CHANGED, ...CHANGING, 'rolling-back'];

/** Finished without the release in place: what the board's "failed" filter shows. */
const UNSUCCESSFUL: readonly ReleaseStatus[] = ['failed', 'rolled-back'];

const within =
  (group: readonly ReleaseStatus[]) =>
  (status: string): boolean =>
    (group as readonly string[]).includes(status);

export const nothingChanged = within(NOTHING_CHANGED);
export const isChanging = within(CHANGING);
/** Takes any status string, so pipeline statuses (`succeeded`, `failed`) answer the same way. */
export const isFinished = within(FINISHED);
export const isPromotable = within(PROMOTABLE);
export const isWaiting = within(WAITING);
export const isInProgress = within(IN_PROGRESS);
export const isUnsuccessful = within(UNSUCCESSFUL);
/** A release that can still be stopped: a rollback in progress cannot (it would leave the service half way). */
export const isStoppable = (status: string): boolean => nothingChanged(status) || isChanging(status);

/**
 * When the release's current stage started (the run's start before any stage has): a release not waiting on
 * purpose and busy since longer than a threshold is "stuck" (the API's filter and the board's).
 */
export function busySince(stages: readonly { state: string; startedAt?: string }[], runStart: string): number {
  const stage = stages.find((s) => s.state === 'running') ?? stages.find((s) => s.state === 'pending');
  return Date.parse(stage?.startedAt ?? runStart);
}

/** A decision a person can take on a release that is not over. */
export type ReleaseDecision = 'approve' | 'promote' | 'rollback' | 'abort';

/** The decisions that make sense in a status, as the card and the board offer them; the workflow's validators
 * still have the last word. */
export function decisionsFor(status: string): ReleaseDecision[] {
  const out: ReleaseDecision[] = [];
  if (status === 'waiting-for-window') out.push('approve');
  if (isPromotable(status)) out.push('promote');
  if (isChanging(status)) out.push('rollback');
  // Aborting a rollback would leave the service half way; finished releases have nothing left to stop.
  if (isStoppable(status)) out.push('abort');
  return out;
}
