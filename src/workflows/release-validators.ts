import { isPermitted } from '../domain/permissions';
import type { Decision } from './release-messages';
import { CHANGING, FINISHED, NOTHING_CHANGED, type ReleaseState } from './release-state';

/**
 * Update validators: a rejection here never enters workflow history, so a forged or mistaken click leaves no
 * trace. Each message says why, and what would work instead.
 */
function planOf(state: ReleaseState) {
  if (!state.plan) throw new Error('the release is still starting; try again in a moment');
  return state.plan;
}

function requireUser(d: Decision): void {
  if (!d?.by?.trim()) throw new Error('who is deciding? "by" is required');
}

function requireReason(d: Decision, what: string): void {
  if (!d.reason?.trim()) throw new Error(`${what} needs a reason`);
}

function requireOneOf(allowed: string[], user: string, knownUsers: string[], what: string, env: string): void {
  if (!isPermitted(allowed, user, knownUsers)) {
    throw new Error(`${user} may not ${what} in ${env}; allowed: ${allowed.join(', ') || 'nobody'}`);
  }
}

export function validateEmergency(state: ReleaseState, d: Decision): void {
  requireUser(d);
  const plan = planOf(state);
  if (state.status !== 'waiting-for-window') {
    throw new Error(`nothing to approve: the release is ${state.status}, not waiting for its window`);
  }
  requireReason(d, 'an emergency approval');
  if (d.by === state.request.requestedBy) {
    throw new Error(`${d.by} requested this release and cannot approve it too: a second person must`);
  }
  requireOneOf(plan.emergencyApprovers, d.by, plan.knownUsers, 'approve emergencies', plan.environment);
}

export function validatePromote(state: ReleaseState, d: Decision): void {
  requireUser(d);
  const plan = planOf(state);
  if (state.status !== 'waiting-for-promotion' && state.status !== 'baking') {
    throw new Error(
      `cannot promote: the release is ${state.status}; promote is possible while gray is baking or waiting`,
    );
  }
  requireOneOf(plan.approvers, d.by, plan.knownUsers, 'promote', plan.environment);
}

/** The requester may always stop their own release; otherwise approvers decide. */
function requireStopper(state: ReleaseState, d: Decision, what: string): void {
  const plan = planOf(state);
  if (d.by !== state.request.requestedBy) requireOneOf(plan.approvers, d.by, plan.knownUsers, what, plan.environment);
}

export function validateRollback(state: ReleaseState, d: Decision): void {
  requireUser(d);
  if (NOTHING_CHANGED.includes(state.status)) {
    throw new Error('nothing has been deployed yet, so there is nothing to roll back; use abort to cancel the release');
  }
  if (state.status === 'rolling-back') throw new Error('the release is already rolling back');
  if (FINISHED.includes(state.status) || !CHANGING.includes(state.status)) {
    throw new Error(`the release is ${state.status}; start a rollback release to restore an earlier image`);
  }
  requireReason(d, 'a rollback');
  requireStopper(state, d, 'roll back');
}

export function validateAbort(state: ReleaseState, d: Decision): void {
  requireUser(d);
  if (state.status === 'rolling-back') throw new Error('the release is already rolling back');
  if (!NOTHING_CHANGED.includes(state.status) && !CHANGING.includes(state.status)) {
    throw new Error(`the release is ${state.status} and can no longer be aborted`);
  }
  requireReason(d, 'an abort');
  requireStopper(state, d, 'abort');
}
