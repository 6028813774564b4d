import { workflowInfo } from '@temporalio/workflow';
import type { ReleasePlan } from '../activities';
import type { DeploymentState } from '../domain/deployment';
import type { Approval, ErrorReport, ReleaseProgress, ReleaseStatus } from '../domain/progress';
import type { ReleaseRequest, ReleaseWorkflowInput } from './release-messages';
import { StageTracker } from './stage-tracker';

export const RELEASE_STAGES = ['window', 'gray', 'promotion', 'full'] as const;

/** Statuses in which nothing has been changed yet: a newer image replaces the request instead of queueing. */
export const NOTHING_CHANGED: ReleaseStatus[] = ['pending', 'waiting-for-window'];
/** Statuses in which the world has been changed and a rollback makes sense. */
export const CHANGING: ReleaseStatus[] = ['deploying-gray', 'baking', 'waiting-for-promotion', 'deploying-full'];
export const FINISHED: ReleaseStatus[] = ['succeeded', 'failed', 'rolled-back', 'aborted', 'superseded'];

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
  readonly approvals: Approval[] = [];
  readonly superseded: string[] = [];
  readonly tracker = new StageTracker(RELEASE_STAGES, () => new Date());
  readonly releaseId: string;

  constructor(readonly input: ReleaseWorkflowInput) {
    this.request = input.request;
    const info = workflowInfo();
    this.releaseId = `${info.workflowId}@${info.runId}`;
  }

  record(kind: Approval['kind'], by: string, reason?: string): Approval {
    const approval = { kind, by, reason, at: new Date().toISOString() };
    this.approvals.push(approval);
    return approval;
  }

  /** A newer request: replaces the current one while nothing changed, otherwise queues (newest wins). */
  offer(req: ReleaseRequest): 'joined' | 'replaced' | 'queued' {
    const current = this.queued ?? this.request;
    if (req.requestId === current.requestId || req.requestId === this.request.requestId) return 'joined';
    if (req.image === current.image && req.kind === current.kind) return 'joined';
    if (NOTHING_CHANGED.includes(this.status)) {
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
    };
  }
}
