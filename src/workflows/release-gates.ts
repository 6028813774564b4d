import { ApplicationFailure, condition } from '@temporalio/workflow';
import { promotionVerdict } from '../domain/promotion';
import { mayRequest } from '../domain/release-rules';
import { releaseWindowVerdict } from '../domain/release-window';
import { ErrorType, nonRetryable } from '../errors';
import { lookups, withSummary } from './activity-proxies';
import type { ReleaseContext } from './release-state';

/**
 * The gates before anything changes in the world: who may release, and when (the release window, or an emergency
 * approval by a second person). A newer image may replace the request meanwhile; the gates then start over.
 */
export class ReleaseGates {
  constructor(private readonly release: ReleaseContext) {}

  /** Resolves once both gates are passed; returns the failure that ends the run when one refuses. */
  async pass(): Promise<ApplicationFailure | undefined> {
    const { state } = this.release;
    for (;;) {
      state.replaced = false;
      const denied = await this.checkPermission();
      if (denied) return denied;
      const untested = await this.checkPromotion();
      if (untested) return untested;
      if (state.request.kind === 'rollback') {
        state.tracker.finish('window', 'skipped', 'rollbacks do not wait for a window');
        return undefined;
      }
      const waited = await this.waitForWindowOrApproval();
      if (waited instanceof ApplicationFailure) return waited;
      if (waited === 'passed') return undefined;
    }
  }

  /** Releasers may release, approvers may roll back; anyone else ends the run here. */
  private async checkPermission(): Promise<ApplicationFailure | undefined> {
    const { state, publish, announce } = this.release;
    const plan = state.knownPlan;
    const req = state.request;
    const refusal = mayRequest(plan, req.requestedBy, req.kind, state.input.service);
    if (!refusal) return undefined;
    state.lastError = { type: ErrorType.PermissionDenied, message: refusal.message };
    state.tracker.finish('window', 'failed', 'permission denied');
    publish('failed');
    await announce('failed');
    return nonRetryable(ErrorType.PermissionDenied, state.lastError.message);
  }

  /**
   * promoteFrom, enforced here too (the API refuses first, but a request may reach Temporal some other way): the
   * image must have run healthy in the source environment, unless the request is an override (which waits for an
   * emergency approval below). Plans recorded before this check carry no promoteFrom, so their histories replay.
   * The request then names where its image was tested, as the rule found it.
   */
  private async checkPromotion(): Promise<ApplicationFailure | undefined> {
    const { state, publish, announce } = this.release;
    const from = state.knownPlan.promoteFrom;
    const req = state.request;
    if (!from || req.kind === 'rollback') return undefined;
    const { service, environment } = state.ref;
    const healthy = await withSummary(`healthy runs ${service} ${from}`, lookups.healthyRunsIn, {
      service,
      environment: from,
    });
    const verdict = promotionVerdict({
      service,
      environment,
      from,
      healthy,
      image: req.image,
      override: req.promotion?.override,
    });
    if (verdict.ok) {
      state.request = { ...req, image: verdict.image, promotion: verdict.source };
      return undefined;
    }
    state.lastError = { type: ErrorType.PromotionRefused, message: verdict.reason };
    state.tracker.finish('window', 'failed', 'promotion refused');
    publish('failed');
    await announce('failed');
    return nonRetryable(ErrorType.PromotionRefused, verdict.reason);
  }

  /**
   * 'passed' when the window is open or an emergency is approved; otherwise waits for the window to open, an
   * approval, a replacement or an abort, and returns 'woke' so the gates are checked again (or the abort).
   */
  private async waitForWindowOrApproval(): Promise<'passed' | 'woke' | ApplicationFailure> {
    const { state, publish, announce } = this.release;
    const plan = state.knownPlan;
    const verdict = releaseWindowVerdict(new Date(), plan.window);
    // An override of promoteFrom is an emergency: it needs an emergency approval even inside the window.
    const override = state.request.promotion?.override;
    if ((verdict.open && !override) || state.emergency) {
      state.wakeAt = undefined;
      state.tracker.finish(
        'window',
        'succeeded',
        state.emergency ? `emergency approved by ${state.emergency.by}` : 'window open',
      );
      return 'passed';
    }
    // Inside the window an override waits for the approval alone; outside it also wakes when the window opens.
    state.wakeAt = verdict.open ? undefined : (verdict.opensAt ?? undefined);
    state.tracker.enter(
      'window',
      override
        ? `promotion override (${override.reason}): waiting for an emergency approval`
        : `${verdict.open ? 'window open' : verdict.reason}; waiting until ${state.wakeAt?.toISOString() ?? 'the next window (none scheduled)'}`,
      'waiting',
    );
    publish('waiting-for-window');
    await announce('waiting-for-window', plan.emergencyApprovers);
    const somethingHappened = () => state.emergency !== undefined || state.replaced || state.interruption !== undefined;
    if (state.wakeAt) await condition(somethingHappened, Math.max(1, state.wakeAt.getTime() - Date.now()));
    else await condition(somethingHappened);
    if (!state.interruption) return 'woke';
    state.tracker.finish('window', 'skipped', `aborted by ${state.interruption.by}`);
    publish('aborted');
    await announce('aborted');
    return nonRetryable(
      ErrorType.ReleaseAborted,
      `aborted by ${state.interruption.by} before any change: ${state.interruption.reason}`,
    );
  }
}
