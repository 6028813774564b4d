import type { ReleaseStatus } from './progress';

/**
 * The status groups every reader of a release agrees on: the workflow's validators decide with them, the Feishu
 * card offers buttons by them, and the CLI and client stop following or filter by them.
 */

/** Nothing has been changed yet: a newer image replaces the request instead of queueing, abort needs no undo. */
export const NOTHING_CHANGED: readonly ReleaseStatus[] = ['pending', 'waiting-for-window'];

/** The world has been changed (or is being changed): a rollback makes sense. */
export const CHANGING: readonly ReleaseStatus[] = [
  'deploying-gray',
  'baking',
  'waiting-for-promotion',
  'deploying-full',
];

/** The run is over: nothing is left to decide or stop. */
export const FINISHED: readonly ReleaseStatus[] = ['succeeded', 'failed', 'rolled-back', 'aborted', 'superseded'];

/** Gray is up and a promote takes it to full. */
export const PROMOTABLE: readonly ReleaseStatus[] = ['baking', 'waiting-for-promotion'];

/** Waiting on purpose, on a timer or a person: a long wait here is not "stuck". */
export const WAITING: readonly ReleaseStatus[] = ['waiting-for-window', 'baking', 'waiting-for-promotion'];

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
/** A release that can still be stopped: a rollback in progress cannot (it would leave the service half way). */
export const isStoppable = (status: string): boolean => nothingChanged(status) || isChanging(status);
