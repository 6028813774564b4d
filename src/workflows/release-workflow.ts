import {
  allHandlersFinished,
  type ApplicationFailure,
  condition,
  continueAsNew,
  log,
  setHandler,
} from '@temporalio/workflow';
import type { ReleaseStatus } from '../domain/progress';
import { lookups, withSummary } from './activity-proxies';
import { ReleaseApprovals } from './release-approvals';
import { ReleaseGates } from './release-gates';
import {
  abortUpdate,
  approveEmergencyUpdate,
  progressQuery,
  promoteUpdate,
  releaseRequestSignal,
  rollbackUpdate,
  type ReleaseWorkflowInput,
} from './release-messages';
import { announce } from './release-notifications';
import { rollBack } from './release-rollback';
import { ReleaseRollout } from './release-rollout';
import { type ReleaseContext, ReleaseState } from './release-state';
import { ReleaseVisibility } from './release-visibility';

export interface ReleaseResult {
  status: ReleaseStatus;
  image: string;
  previousImage: string | null;
}

/**
 * One release of one service to one environment (workflow id release/<service>/<env>, so one at a time), read as
 * its table of contents: gates (permission, window or emergency approval: release-gates), rollout (gray, bake,
 * promotion, full: release-rollout); any failure or interruption after the first change runs the rollback
 * (release-rollback) back to the last good image. People's decisions arrive as updates (release-approvals).
 */
export async function releaseWorkflow(input: ReleaseWorkflowInput): Promise<ReleaseResult> {
  const state = new ReleaseState(input);
  const visibility = new ReleaseVisibility(state);
  const release: ReleaseContext = {
    state,
    publish: (status) => visibility.publish(status),
    announce: (kind, mention) => announce(state, kind, mention),
  };
  const rollout = new ReleaseRollout(release);
  const approvals = new ReleaseApprovals(state, () => rollout.cancel());

  setHandler(progressQuery, () => state.progress());
  setHandler(releaseRequestSignal, (req) => {
    const result = state.offer(req);
    log.info('release request', { image: req.image, result });
    if (result !== 'joined') release.publish();
  });
  setHandler(approveEmergencyUpdate, (d) => approvals.approveEmergency(d), {
    validator: (d) => approvals.validateEmergency(d),
  });
  setHandler(promoteUpdate, (d) => approvals.promote(d), { validator: (d) => approvals.validatePromote(d) });
  setHandler(abortUpdate, (d) => approvals.interrupt('abort', d), { validator: (d) => approvals.validateAbort(d) });
  setHandler(rollbackUpdate, (d) => approvals.interrupt('rollback', d), {
    validator: (d) => approvals.validateRollback(d),
  });

  release.publish();
  state.plan = await withSummary(`plan release ${input.service} ${input.environment}`, lookups.planRelease, state.ref);

  // Nothing has changed in the world until both gates pass.
  const refused = await new ReleaseGates(release).pass();
  if (refused) return finish(refused);

  let failure: ApplicationFailure | undefined;
  try {
    await rollout.run();
    state.wakeAt = undefined;
    release.publish('succeeded');
    await release.announce('succeeded');
  } catch (err) {
    failure = await rollBack(release, rollout.compensations, err);
  } finally {
    // Deploy slots go back however the rollout ended, and before a continue-as-new: the lessor tells holders by
    // run id, so a new run would not hold them.
    await rollout.flow.giveBack();
  }
  // Outside the try: continue-as-new ends the run by throwing, which must not reach the rollback.
  return finish(failure);

  /** Ends the run: a request queued meanwhile continues as a new run (fresh history), else succeed or fail. */
  async function finish(failure?: ApplicationFailure): Promise<ReleaseResult> {
    await condition(allHandlersFinished);
    if (state.queued) {
      await continueAsNew<typeof releaseWorkflow>({ ...input, request: state.queued });
    }
    if (failure) throw failure;
    return { status: state.status, image: state.request.image, previousImage: state.previous?.stable ?? null };
  }
}
