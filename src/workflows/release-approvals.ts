import { condition, patched } from '@temporalio/workflow';
import type { Approval } from '../domain/progress';
import { mayApproveEmergency, mayPromote, mayStop, type Refusal } from '../domain/release-rules';
import { ErrorType, nonRetryable } from '../errors';
import { isChanging, isFinished, isPromotable, isStoppable, nothingChanged } from '../domain/release-status';
import type { Decision, UpdateOutcome } from './release-messages';
import type { Interruption, ReleaseState } from './release-state';

/**
 * Every decision a person makes on a running release (emergency approval, promote, rollback, abort): who may
 * make it and when (the validators), and what it does (the handlers). A rejection in a validator never enters
 * workflow history, so a forged or mistaken click leaves no trace; each message says why, and what would work.
 */
export class ReleaseApprovals {
  constructor(
    private readonly state: ReleaseState,
    /** Cancels the rollout in flight, so the rollback can undo what changed. */
    private readonly stopRollout: () => void,
  ) {}

  validateEmergency(d: Decision): void {
    const { state } = this;
    requireUser(d);
    const plan = state.knownPlan;
    if (state.status !== 'waiting-for-window') {
      throw new Error(`nothing to approve: the release is ${state.status}, not waiting for its window`);
    }
    requireReason(d, 'an emergency approval');
    refuse(mayApproveEmergency(plan, state.request.requestedBy, d.by));
  }

  async approveEmergency(d: Decision): Promise<UpdateOutcome> {
    this.state.emergency = this.record('emergency', d);
    // The answer (and the card a chat click gets back) shows the release after the decision, not the wait it
    // ended. Added while releases were in flight: patched() keeps their recorded histories replaying.
    if (patched('answer-after-decision')) await condition(() => this.state.status !== 'waiting-for-window');
    return this.outcome(`emergency approved by ${d.by}: releasing now`);
  }

  validatePromote(d: Decision): void {
    const { state } = this;
    requireUser(d);
    const plan = state.knownPlan;
    if (!isPromotable(state.status)) {
      throw new Error(
        `cannot promote: the release is ${state.status}; promote is possible while gray is baking or waiting`,
      );
    }
    refuse(mayPromote(plan, d.by));
  }

  promote(d: Decision): UpdateOutcome {
    this.state.promoted = this.record('promote', d);
    return this.outcome(`promoted by ${d.by}: rolling out to full`);
  }

  validateRollback(d: Decision): void {
    const { state } = this;
    requireUser(d);
    if (nothingChanged(state.status)) {
      throw new Error(
        'nothing has been deployed yet, so there is nothing to roll back; use abort to cancel the release',
      );
    }
    if (state.status === 'rolling-back') throw new Error('the release is already rolling back');
    if (isFinished(state.status) || !isChanging(state.status)) {
      throw new Error(`the release is ${state.status}; start a rollback release to restore an earlier image`);
    }
    requireReason(d, 'a rollback');
    refuse(mayStop(state.knownPlan, state.request.requestedBy, d.by, 'roll back'));
  }

  validateAbort(d: Decision): void {
    const { state } = this;
    requireUser(d);
    if (state.status === 'rolling-back') throw new Error('the release is already rolling back');
    if (!isStoppable(state.status)) throw new Error(`the release is ${state.status} and can no longer be aborted`);
    requireReason(d, 'an abort');
    refuse(mayStop(state.knownPlan, state.request.requestedBy, d.by, 'abort'));
  }

  /** Abort or rollback: recorded, then the rollout in flight is cancelled and the rollback takes over. */
  interrupt(kind: Interruption['kind'], d: Decision): UpdateOutcome {
    this.record(kind, d);
    this.state.interruption = { kind, by: d.by, reason: d.reason };
    this.stopRollout();
    return this.outcome(`${kind} requested by ${d.by}`);
  }

  private record(kind: Approval['kind'], d: Decision): Approval {
    const approval: Approval = { kind, by: d.by, reason: d.reason, at: new Date().toISOString() };
    // Who and how, as the API or Feishu authenticated them; kept out when absent so old histories read the same.
    if (d.actor) approval.actor = { subject: d.actor.subject, person: d.actor.person, via: d.actor.via };
    this.state.approvals.push(approval);
    return approval;
  }

  private outcome(message: string): UpdateOutcome {
    return { accepted: true, status: this.state.status, message };
  }
}

function requireUser(d: Decision): void {
  if (!d?.by?.trim()) throw new Error('who is deciding? "by" is required');
}

function requireReason(d: Decision, what: string): void {
  if (!d.reason?.trim()) throw new Error(`${what} needs a reason`);
}

/**
 * A permission refusal is typed (PermissionDenied, the rule in its details), so the API answers 403 with the rule;
 * every other rejection (state, missing reason) stays a plain error, which it answers with 409.
 */
function refuse(refusal: Refusal | undefined): void {
  if (!refusal) return;
  throw nonRetryable(ErrorType.PermissionDenied, refusal.message, { rule: refusal.rule });
}
