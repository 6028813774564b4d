import { workflowInfo } from '@temporalio/workflow';
import type { ReleasePlan } from '../activities';
import type { DeploymentState } from '../domain/deployment';
import type {
  Approval,
  DeployQueueProgress,
  ErrorReport,
  GrayStepProgress,
  ReleaseProgress,
  ReleaseStatus,
  StepAnalysis,
} from '../domain/progress';
import { nothingChanged } from '../domain/release-status';
import type { ReleaseEventKind } from '../ports/notifier';
import type { ReleaseRequest, ReleaseWorkflowInput } from './release-messages';
import { StageTracker } from './stage-tracker';

const RELEASE_STAGES = ['window', 'gray', 'promotion', 'full'] as const;

export interface Interruption {
  kind: 'abort' | 'rollback';
  by: string;
  reason?: string;
}

/** Everything a release knows, in one place, so the handlers, the query and the flow share it. */
export class ReleaseState {
  request: ReleaseRequest;
  status: ReleaseStatus = 'pending';
  plan?: ReleasePlan;
  previous?: DeploymentState;
  queued?: ReleaseRequest;
  replaced = false;
  emergency?: Approval;
  promoted?: Approval;
  interruption?: Interruption;
  wakeAt?: Date;
  lastError?: ErrorReport;
  /** The notifier's handle on this release's card, so every event updates the same one. */
  cardRef?: string;
  /** Weighted gray (issue 12): the step it is on, each step's latest analysis, and its place in a deploy queue. */
  grayStep?: GrayStepProgress;
  readonly analysis: StepAnalysis[] = [];
  deployQueue?: DeployQueueProgress;
  readonly approvals: Approval[] = [];
  readonly superseded: string[] = [];
  readonly tracker = new StageTracker(RELEASE_STAGES, () => new Date());
  readonly releaseId: string;
  readonly ref: { service: string; environment: string };

  constructor(readonly input: ReleaseWorkflowInput) {
    this.request = input.request;
    this.ref = { service: input.service, environment: input.environment };
    const info = workflowInfo();
    this.releaseId = `${info.workflowId}@${info.runId}`;
  }

  /** The plan, once planRelease has answered; until then the release is still starting. */
  get knownPlan(): ReleasePlan {
    if (!this.plan) throw new Error('the release is still starting; try again in a moment');
    return this.plan;
  }

  /** A newer request: replaces the current one while nothing changed, otherwise queues (newest wins). */
  offer(req: ReleaseRequest): 'joined' | 'replaced' | 'queued' {
    const current = this.queued ?? this.request;
    if (req.requestId === current.requestId || req.requestId === this.request.requestId) return 'joined';
    if (req.image === current.image && req.kind === current.kind) return 'joined';
    if (nothingChanged(this.status)) {
      this.superseded.push(this.request.image);
      this.request = req;
      this.replaced = true;
      // An approval was given for the old image; the new one needs its own.
      this.emergency = undefined;
      return 'replaced';
    }
    if (this.queued) this.superseded.push(this.queued.image);
    this.queued = req;
    return 'queued';
  }

  progress(): ReleaseProgress {
    const current = this.tracker.current;
    return {
      workflowId: workflowInfo().workflowId,
      releaseId: this.releaseId,
      service: this.input.service,
      environment: this.input.environment,
      image: this.request.image,
      previousImage: this.previous?.stable ?? null,
      requestedBy: this.request.requestedBy,
      status: this.status,
      stages: this.tracker.stages,
      percent: this.status === 'succeeded' ? 100 : this.tracker.percent,
      currentStep: current ? `${current.name}: ${current.step ?? current.state}` : this.status,
      wakeAt: this.wakeAt?.toISOString(),
      lastError: this.lastError,
      approvals: this.approvals,
      queuedImage: this.queued?.image,
      superseded: this.superseded,
      ...(this.request.promotion ? { promotion: this.request.promotion } : {}),
      // Only present where used, so the progress of releases without steps or limits reads as before.
      ...(this.grayStep ? { grayStep: this.grayStep } : {}),
      ...(this.analysis.length ? { analysis: this.analysis } : {}),
      ...(this.deployQueue ? { deployQueue: this.deployQueue } : {}),
    };
  }
}

/** What each concern of a release works with: the shared state and the two ways of telling the world. */
export interface ReleaseContext {
  readonly state: ReleaseState;
  /** Search attributes and memo, after an optional status change. */
  readonly publish: (status?: ReleaseStatus) => void;
  /** A chat notification; best effort. */
  readonly announce: (kind: ReleaseEventKind, mention?: string[]) => Promise<void>;
}
