import { CancellationScope, CancelledFailure, condition, patched } from '@temporalio/workflow';
import type { DeploymentState } from '../domain/deployment';
import { deployWaits, gitops, lookups, withSummary } from './activity-proxies';
import { ReleaseFlowControl } from './release-flow-control';
import { GraySteps, type RolloutMoves } from './release-gray-steps';
import { Compensations } from './release-rollback';
import type { ReleaseContext } from './release-state';

/**
 * The changes to the world: gray, bake, promotion (with escalation), full. Every change pushes its undo first,
 * so a failure or an interruption anywhere hands the rollback a complete stack.
 */
export class ReleaseRollout {
  readonly compensations = new Compensations();
  /** Deploy slots (maxParallel): taken before the first change, given back by the workflow however it ends. */
  readonly flow: ReleaseFlowControl;
  private desired: DeploymentState = { stable: null, gray: null };
  private scope?: CancellationScope;

  // Runs since this patch update the chat card at every status change (baking, deploying full), not only when
  // someone must act; older runs keep the commands they recorded. Decided once, when the rollout is built.
  private readonly announceStages = patched('announce-every-stage');
  // Runs since this patch enter a stage when its status is published ("deploying gray" is the gray stage), so
  // status and stage reach visibility in one upsert instead of two a workflow task apart (issue 12: at a window
  // opening each upsert is an index write for thousands of releases at once). Decided at the start, with the
  // other patches, so the marker is not one more event after the opening.
  private readonly foldStageUpserts = patched('fold-stage-upserts');

  constructor(private readonly release: ReleaseContext) {
    this.flow = new ReleaseFlowControl(release);
  }

  /** Abort or rollback: stops the rollout where it is; what changed is then undone. */
  cancel(): void {
    this.scope?.cancel();
  }

  async run(): Promise<void> {
    this.scope = new CancellationScope();
    await this.scope.run(async () => {
      // In the rollout's scope, so an abort while queued for a slot leaves the queue.
      await this.flow.acquire();
      await this.deploy();
    });
  }

  private async deploy(): Promise<void> {
    const { state, announce } = this.release;
    const plan = state.knownPlan;
    const { service, environment } = state.ref;
    // Added after releases were already in flight: patched() keeps their recorded histories replaying.
    if (patched('vet-release-image')) await this.pinImage();
    state.previous = await withSummary(`read deployment ${service} ${environment}`, gitops.readDeployment, state.ref);
    this.desired = { ...state.previous };
    const lastGood = state.previous.stable;
    const image = state.request.image;
    if (lastGood === image && state.previous.gray === null) {
      // Already running exactly this: a re-run of a finished release changes nothing.
      for (const stage of ['gray', 'promotion', 'full'])
        state.tracker.finish(stage, 'skipped', `${image} already deployed`);
      return;
    }
    const useGray = plan.gray.enabled && state.request.kind === 'release';
    // The chat card says what is happening now ("Deploying gray"), not the wait that just ended.
    if (this.announceStages) {
      if (this.foldStageUpserts) state.tracker.enter(useGray ? 'gray' : 'full', 'starting');
      this.release.publish(useGray ? 'deploying-gray' : 'deploying-full');
    }
    await announce('started');
    if (useGray) {
      await this.deployGray(image);
    } else {
      const why = state.request.kind === 'rollback' ? 'rollback goes straight to full' : 'gray disabled';
      state.tracker.finish('gray', 'skipped', why);
      state.tracker.finish('promotion', 'skipped');
    }
    await this.deployFull(image, lastGood);
  }

  /**
   * Before the first change: the image must parse by the OCI grammar and come from an allowed registry, and where
   * the environment requires digests a tag is resolved to one. From here on the release deploys the pinned
   * reference, so the GitOps file, the sync and the health check all name exactly the image that was vetted.
   */
  private async pinImage(): Promise<void> {
    const { state } = this.release;
    const { service, environment } = state.ref;
    const requested = state.request.image;
    const pinned = await withSummary(`vet image ${service} ${environment}`, lookups.resolveReleaseImage, {
      service,
      environment,
      image: requested,
    });
    if (pinned !== requested) state.request = { ...state.request, image: pinned };
  }

  private async deployGray(image: string): Promise<void> {
    const { state, publish } = this.release;
    const plan = state.knownPlan;
    publish('deploying-gray');
    // The undo goes on the stack before the change: if the commit lands but its result is lost, it still undoes.
    this.compensations.push('remove gray', () => this.apply('undo-gray', { gray: null }, 'rollback'));
    await this.apply('gray', { gray: image }, 'gray');
    state.tracker.finish('gray', 'succeeded', 'gray healthy');
    // Weighted steps replace the single bake; added after releases were in flight, hence the patch (only asked
    // when steps are configured, so releases without steps record exactly what they did before).
    const steps = plan.gray.steps ?? [];
    if (steps.length > 0 && patched('gray-steps')) await new GraySteps(this.release, this.moves()).run();
    else if (plan.gray.bake > 0) await this.bake(plan.gray.bake);
    if (plan.gray.promotion === 'manual' && !state.promoted) await this.waitForPromotion();
    state.tracker.finish('promotion', 'succeeded', state.promoted ? `promoted by ${state.promoted.by}` : 'bake passed');
  }

  /** Gray runs for the bake time before it may go further; a promote ends the bake early. */
  private async bake(bakeMs: number): Promise<void> {
    const { state, publish } = this.release;
    state.wakeAt = new Date(Date.now() + bakeMs);
    state.tracker.enter('promotion', `baking gray until ${state.wakeAt.toISOString()}`, 'waiting');
    publish('baking');
    if (this.announceStages) await this.release.announce('stage-changed');
    await condition(() => this.promotedOrInterrupted(), bakeMs);
    state.wakeAt = undefined;
    this.throwIfInterrupted();
  }

  /** Manual promotion: waits for a person; after escalateAfterMs the emergency approvers are told once. */
  private async waitForPromotion(): Promise<void> {
    const { state, publish, announce } = this.release;
    const plan = state.knownPlan;
    state.tracker.enter('promotion', `waiting for promote by ${plan.approvers.join(', ')}`, 'waiting');
    publish('waiting-for-promotion');
    await announce('waiting-for-promotion', plan.owners);
    const decided = () => this.promotedOrInterrupted();
    // Added after releases were already in flight: patched() keeps their recorded histories replaying.
    if (patched('escalate-waiting-promotion') && plan.escalateAfterMs > 0) {
      if (!(await condition(decided, plan.escalateAfterMs))) {
        await announce('escalated', plan.emergencyApprovers);
      }
    }
    await condition(decided);
    this.throwIfInterrupted();
  }

  private async deployFull(image: string, lastGood: string | null): Promise<void> {
    const { state, publish } = this.release;
    const changed = state.status !== 'deploying-full';
    if (this.foldStageUpserts) state.tracker.enter('full', 'starting');
    publish('deploying-full');
    if (this.announceStages && changed) await this.release.announce('stage-changed');
    this.compensations.push('restore last good image', () =>
      this.apply('undo-full', { stable: lastGood, gray: null }, 'rollback'),
    );
    await this.apply('full', { stable: image, gray: null }, 'full');
    state.tracker.finish('full', 'succeeded', 'healthy');
  }

  /** Commit a change to the GitOps repo (idempotent by change id), sync it, and wait until it is healthy. */
  private async apply(step: string, set: Partial<DeploymentState>, stage: string): Promise<void> {
    const { state, publish } = this.release;
    const { service, environment } = state.ref;
    this.desired = { ...this.desired, ...set };
    state.tracker.enter(stage, `committing ${step}`, 'running', 10);
    publish();
    const commit = await withSummary(`commit ${step} ${service} ${environment}`, gitops.commitDeployment, {
      service,
      environment,
      set,
      changeId: `${state.releaseId}#${step}`,
      message: `${step}: ${service} ${environment} ${JSON.stringify(set)}\n\nRequested by ${state.request.requestedBy}`,
    });
    const revision = commit.revision.slice(0, 12);
    state.tracker.enter(stage, `syncing ${revision}`, 'running', 40);
    publish();
    await withSummary(`sync ${service}-${environment} @ ${revision}`, deployWaits.syncDeployment, {
      ...state.ref,
      revision: commit.revision,
    });
    state.tracker.enter(stage, 'waiting until healthy', 'running', 70);
    publish();
    await withSummary(`wait healthy ${service} ${environment} (${step})`, deployWaits.waitHealthy, {
      ...state.ref,
      expected: this.desired,
      timeoutMs: state.knownPlan.healthTimeoutMs,
      step,
      // Heartbeated with the wait, so a retry on another worker re-attaches to the same synced revision.
      revision: commit.revision,
    });
  }

  private moves(): RolloutMoves {
    return {
      apply: (step, set, stage) => this.apply(step, set, stage),
      decided: () => this.promotedOrInterrupted(),
      throwIfInterrupted: () => this.throwIfInterrupted(),
    };
  }

  private promotedOrInterrupted(): boolean {
    return this.release.state.promoted !== undefined || this.release.state.interruption !== undefined;
  }

  private throwIfInterrupted(): void {
    const { interruption } = this.release.state;
    if (interruption) throw new CancelledFailure(`${interruption.kind} by ${interruption.by}`);
  }
}
