import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../domain/actor';
import type { ReleaseProgress } from '../domain/progress';
import type { PromotionSource } from '../domain/promotion';

export interface ReleaseRequest {
  /** Idempotency key of the trigger (pipeline id, delivery id, CLI request id): the same request joins. */
  requestId: string;
  image: string;
  commit?: string;
  requestedBy: string;
  /** A rollback request redeploys a known-good image straight to full, without waiting for the window. */
  kind: 'release' | 'rollback';
  reason?: string;
  /**
   * The environment promotes from another one: where the image was tested, or an emergency override of that rule
   * (the release then waits for an emergency approval by a second person, even inside the window).
   */
  promotion?: PromotionSource;
  /** Who asked, as authenticated (absent in histories recorded before issue 8). */
  actor?: Actor;
}

export interface ReleaseWorkflowInput {
  service: string;
  environment: string;
  request: ReleaseRequest;
}

export interface Decision {
  /** The acting person (or `ci`): what the validators decide with. */
  by: string;
  reason?: string;
  /** Who, as authenticated, and how: recorded with the decision (absent before issue 8). */
  actor?: Actor;
}

export interface UpdateOutcome {
  accepted: true;
  status: ReleaseProgress['status'];
  message: string;
}

/** A newer image for the same service and environment: replaces a waiting release, queues behind a running one. */
export const releaseRequestSignal = defineSignal<[ReleaseRequest]>('releaseRequest');
export const progressQuery = defineQuery<ReleaseProgress>('progress');
export const approveEmergencyUpdate = defineUpdate<UpdateOutcome, [Decision]>('approveEmergency');
export const promoteUpdate = defineUpdate<UpdateOutcome, [Decision]>('promote');
export const rollbackUpdate = defineUpdate<UpdateOutcome, [Decision]>('rollback');
export const abortUpdate = defineUpdate<UpdateOutcome, [Decision]>('abort');
