import {
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  condition,
  continueAsNew,
  isCancellation,
  log,
  patched,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  allHandlersFinished,
} from '@temporalio/workflow';
import type { DeploymentState } from '../domain/deployment';
import { isPermitted } from '../domain/permissions';
import type { ReleaseStatus } from '../domain/progress';
import { releaseWindowVerdict } from '../domain/release-window';
import { ErrorType } from '../errors';
import type { ReleaseEventKind } from '../ports/notifier';
import { long, notify, quick } from './activity-proxies';
import { Compensations } from './compensation';
import { toErrorReport } from './failure-report';
import {
  abortUpdate,
  approveEmergencyUpdate,
  progressQuery,
  promoteUpdate,
  releaseRequestSignal,
  rollbackUpdate,
  type ReleaseWorkflowInput,
  type UpdateOutcome,
} from './release-messages';
import { ReleaseState } from './release-state';
import { validateAbort, validateEmergency, validatePromote, validateRollback } from './release-validators';
import { SA } from './search-attributes';

export interface ReleaseResult {
  status: ReleaseStatus;
  image: string;
  previousImage: string | null;
}

/**
 * One release of one service to one environment (workflow id release/<service>/<env>, so one at a time):
 * gates (permission, window or emergency), gray, bake/promotion, full; any failure after the first change runs
 * the compensation stack back to the last good image.
 */
export async function releaseWorkflow(input: ReleaseWorkflowInput): Promise<ReleaseResult> {
  const state = new ReleaseState(input);
  const ref = { service: input.service, environment: input.environment };
  let deployScope: CancellationScope | undefined;

  // Visibility updates cost a history event and an index write each: only send what changed. Older runs sent
  // every time; patched() keeps their recorded histories replaying.
  const sparseVisibility = patched('sparse-visibility-updates');
  let lastAttributes = '';
  let lastSummary = '';
  const publish = (status?: ReleaseStatus): void => {
    if (status) state.status = status;
    const pairs = [
      { key: SA.kind, value: 'release' },
      { key: SA.service, value: input.service },
      { key: SA.environment, value: input.environment },
      { key: SA.status, value: state.status },
      { key: SA.stage, value: state.tracker.current?.name ?? 'window' },
      { key: SA.image, value: state.request.image },
      { key: SA.triggeredBy, value: state.request.requestedBy },
      { key: SA.wakeAt, value: state.wakeAt ?? null },
    ] as const;
    const attributes = JSON.stringify(pairs.map((p) => p.value));
    if (!sparseVisibility || attributes !== lastAttributes) upsertSearchAttributes([...pairs]);
    lastAttributes = attributes;
    const summary = sparseVisibility
      ? `${input.service} → ${input.environment}: ${state.request.image} (${state.status})`
      : `${input.service} → ${input.environment}: ${state.request.image} (${state.status}, ${state.progress().percent}%)`;
    if (!sparseVisibility || summary !== lastSummary) upsertMemo({ summary });
    lastSummary = summary;
  };

  const announce = async (kind: ReleaseEventKind, mention: string[] = []): Promise<void> => {
    try {
      const posted = await notify.notifyRelease({ kind, progress: state.progress(), mention, cardRef: state.cardRef });
      state.cardRef = posted.cardRef ?? state.cardRef;
    } catch (err) {
      log.warn('notification failed', { kind, error: (err as Error).message });
    }
  };

  const outcome = (message: string): UpdateOutcome => ({ accepted: true, status: state.status, message });

  setHandler(progressQuery, () => state.progress());
  setHandler(releaseRequestSignal, (req) => {
    const result = state.offer(req);
    log.info('release request', { image: req.image, result });
    if (result !== 'joined') publish();
  });
  setHandler(
    approveEmergencyUpdate,
    (d) => {
      state.emergency = state.record('emergency', d.by, d.reason);
      return outcome(`emergency approved by ${d.by}: releasing now`);
    },
    { validator: (d) => validateEmergency(state, d) },
  );
  setHandler(
    promoteUpdate,
    (d) => {
      state.promoted = state.record('promote', d.by, d.reason);
      return outcome(`promoted by ${d.by}: rolling out to full`);
    },
    { validator: (d) => validatePromote(state, d) },
  );
  const interrupt = (kind: 'abort' | 'rollback') => (d: { by: string; reason?: string }) => {
    state.record(kind, d.by, d.reason);
    state.interruption = { kind, by: d.by, reason: d.reason };
    deployScope?.cancel();
    return outcome(`${kind} requested by ${d.by}`);
  };
  setHandler(abortUpdate, interrupt('abort'), { validator: (d) => validateAbort(state, d) });
  setHandler(rollbackUpdate, interrupt('rollback'), { validator: (d) => validateRollback(state, d) });

  publish();
  state.plan = await quick.planRelease(ref);
  const plan = state.plan;

  // Gates: nothing has changed in the world until both pass. A newer image may replace the request meanwhile.
  for (;;) {
    state.replaced = false;
    const req = state.request;
    const allowed = req.kind === 'rollback' ? plan.approvers : plan.releasers;
    if (!isPermitted(allowed, req.requestedBy, plan.knownUsers)) {
      state.lastError = {
        type: ErrorType.PermissionDenied,
        message: `${req.requestedBy} may not ${req.kind === 'rollback' ? 'roll back' : 'release'} ${input.service} to ${input.environment}; allowed: ${allowed.join(', ')}`,
      };
      state.tracker.finish('window', 'failed', 'permission denied');
      publish('failed');
      await announce('failed');
      return finish(
        ApplicationFailure.create({
          type: ErrorType.PermissionDenied,
          message: state.lastError.message,
          nonRetryable: true,
        }),
      );
    }
    if (req.kind === 'rollback') {
      state.tracker.finish('window', 'skipped', 'rollbacks do not wait for a window');
      break;
    }
    const verdict = releaseWindowVerdict(new Date(), plan.window);
    if (verdict.open || state.emergency) {
      state.wakeAt = undefined;
      state.tracker.finish(
        'window',
        'succeeded',
        state.emergency ? `emergency approved by ${state.emergency.by}` : 'window open',
      );
      break;
    }
    state.wakeAt = verdict.opensAt ?? undefined;
    state.tracker.enter(
      'window',
      `${verdict.reason}; waiting until ${state.wakeAt?.toISOString() ?? 'the next window (none scheduled)'}`,
      'waiting',
    );
    publish('waiting-for-window');
    await announce('waiting-for-window', plan.emergencyApprovers);
    const waitFor = () => state.emergency !== undefined || state.replaced || state.interruption !== undefined;
    if (verdict.opensAt) await condition(waitFor, Math.max(1, verdict.opensAt.getTime() - Date.now()));
    else await condition(waitFor);
    if (state.interruption) {
      state.tracker.finish('window', 'skipped', `aborted by ${state.interruption.by}`);
      publish('aborted');
      await announce('aborted');
      return finish(
        ApplicationFailure.create({
          type: ErrorType.ReleaseAborted,
          message: `aborted by ${state.interruption.by} before any change: ${state.interruption.reason}`,
          nonRetryable: true,
        }),
      );
    }
  }

  const compensations = new Compensations();
  let desired: DeploymentState = { stable: null, gray: null };

  /** Commit a change to the GitOps repo (idempotent by change id), sync it, and wait until it is healthy. */
  const apply = async (step: string, set: Partial<DeploymentState>, stage: string): Promise<void> => {
    desired = { ...desired, ...set };
    state.tracker.enter(stage, `committing ${step}`, 'running', 10);
    publish();
    const commit = await quick.commitDeployment({
      service: input.service,
      environment: input.environment,
      set,
      changeId: `${state.releaseId}#${step}`,
      message: `${step}: ${input.service} ${input.environment} ${JSON.stringify(set)}\n\nRequested by ${state.request.requestedBy}`,
    });
    state.tracker.enter(stage, `syncing ${commit.revision.slice(0, 12)}`, 'running', 40);
    publish();
    await long.syncDeployment({ ...ref, revision: commit.revision });
    state.tracker.enter(stage, 'waiting until healthy', 'running', 70);
    publish();
    await long.waitHealthy({ ...ref, expected: desired, timeoutMs: plan.healthTimeoutMs, step });
  };

  const throwIfInterrupted = (): void => {
    if (state.interruption) throw new CancelledFailure(`${state.interruption.kind} by ${state.interruption.by}`);
  };

  const deploy = async (): Promise<void> => {
    state.previous = await quick.readDeployment(ref);
    desired = { ...state.previous };
    const lastGood = state.previous.stable;
    const image = state.request.image;
    if (lastGood === image && state.previous.gray === null) {
      // Already running exactly this: a re-run of a finished release changes nothing.
      for (const stage of ['gray', 'promotion', 'full'])
        state.tracker.finish(stage, 'skipped', `${image} already deployed`);
      return;
    }
    const useGray = plan.gray.enabled && state.request.kind === 'release';
    await announce('started');
    if (useGray) {
      publish('deploying-gray');
      // The undo goes on the stack before the change: if the commit lands but its result is lost, it still undoes.
      compensations.push('remove gray', () => apply('undo-gray', { gray: null }, 'rollback'));
      await apply('gray', { gray: image }, 'gray');
      state.tracker.finish('gray', 'succeeded', 'gray healthy');
      if (plan.gray.bake > 0) {
        state.wakeAt = new Date(Date.now() + plan.gray.bake);
        state.tracker.enter('promotion', `baking gray until ${state.wakeAt.toISOString()}`, 'waiting');
        publish('baking');
        await condition(() => state.promoted !== undefined || state.interruption !== undefined, plan.gray.bake);
        state.wakeAt = undefined;
        throwIfInterrupted();
      }
      if (plan.gray.promotion === 'manual' && !state.promoted) {
        state.tracker.enter('promotion', `waiting for promote by ${plan.approvers.join(', ')}`, 'waiting');
        publish('waiting-for-promotion');
        await announce('waiting-for-promotion', plan.owners);
        const decided = () => state.promoted !== undefined || state.interruption !== undefined;
        // Added after releases were already in flight: patched() keeps their recorded histories replaying.
        if (patched('escalate-waiting-promotion') && plan.escalateAfterMs > 0) {
          if (!(await condition(decided, plan.escalateAfterMs))) {
            await announce('escalated', plan.emergencyApprovers);
          }
        }
        await condition(decided);
        throwIfInterrupted();
      }
      state.tracker.finish(
        'promotion',
        'succeeded',
        state.promoted ? `promoted by ${state.promoted.by}` : 'bake passed',
      );
    } else {
      state.tracker.finish(
        'gray',
        'skipped',
        state.request.kind === 'rollback' ? 'rollback goes straight to full' : 'gray disabled',
      );
      state.tracker.finish('promotion', 'skipped');
    }
    publish('deploying-full');
    compensations.push('restore last good image', () =>
      apply('undo-full', { stable: lastGood, gray: null }, 'rollback'),
    );
    await apply('full', { stable: image, gray: null }, 'full');
    state.tracker.finish('full', 'succeeded', 'healthy');
  };

  try {
    deployScope = new CancellationScope();
    await deployScope.run(deploy);
    state.wakeAt = undefined;
    publish('succeeded');
    await announce('succeeded');
    return finish();
  } catch (err) {
    const interruption = state.interruption;
    if (!interruption || !isCancellation(err)) state.lastError = toErrorReport(err);
    const failedStage = state.tracker.current;
    if (failedStage && failedStage.state !== 'succeeded') state.tracker.finish(failedStage.name, 'failed');
    state.wakeAt = undefined;
    if (compensations.size === 0) {
      // Failed before changing anything: nothing to roll back.
      publish(interruption?.kind === 'abort' ? 'aborted' : 'failed');
      await announce(state.status === 'aborted' ? 'aborted' : 'failed');
      const type =
        interruption?.kind === 'abort' ? ErrorType.ReleaseAborted : (state.lastError?.type ?? ErrorType.DeployFailed);
      return finish(
        ApplicationFailure.create({
          type,
          message: state.lastError?.message ?? `${interruption?.kind} by ${interruption?.by}`,
          nonRetryable: true,
        }),
      );
    }
    publish('rolling-back');
    const failedUndos = await CancellationScope.nonCancellable(() => compensations.runAll());
    if (failedUndos.length > 0) {
      state.tracker.finish('rollback', 'failed', `could not ${failedUndos.join(', ')}`);
      publish('failed');
      await announce('failed', plan.emergencyApprovers);
      return finish(
        ApplicationFailure.create({
          type: ErrorType.RollbackFailed,
          message: `rollback incomplete: ${failedUndos.join(', ')} failed after: ${state.lastError?.message ?? interruption?.kind}`,
          nonRetryable: true,
        }),
      );
    }
    state.tracker.finish('rollback', 'succeeded', `restored ${state.previous?.stable ?? 'the previous state'}`);
    const aborted = interruption?.kind === 'abort';
    publish(aborted ? 'aborted' : 'rolled-back');
    await announce(aborted ? 'aborted' : 'rolled-back');
    const why = interruption
      ? `${interruption.kind} by ${interruption.by}: ${interruption.reason ?? ''}`
      : `${state.lastError?.type}: ${state.lastError?.message}`;
    return finish(
      ApplicationFailure.create({
        type: aborted ? ErrorType.ReleaseAborted : ErrorType.ReleaseRolledBack,
        message: `rolled back to ${state.previous?.stable ?? 'nothing'} after ${why}`,
        nonRetryable: true,
        details: [state.lastError],
      }),
    );
  }

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
