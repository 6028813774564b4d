import type { Actor } from './actor';

import type { CheckResult } from '../ports/metrics-analysis';
import type { PromotionSource } from './promotion';

export type StageState = 'pending' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped' | 'rolled-back';

export interface StageProgress {
  name: string;
  state: StageState;
  startedAt?: string;
  endedAt?: string;
  /** 0–100 within the stage. */
  percent: number;
  /** What the stage is doing now, in a few words. */
  step?: string;
}

export interface ErrorReport {
  type: string;
  message: string;
  /** Tail of the captured output; the whole output is in the log store under logId. */
  tail?: string;
  logId?: string;
}

export type ReleaseStatus =
  | 'pending'
  | 'waiting-for-window'
  | 'deploying-gray'
  | 'baking'
  | 'waiting-for-promotion'
  | 'deploying-full'
  | 'rolling-back'
  | 'succeeded'
  | 'failed'
  | 'rolled-back'
  | 'aborted'
  | 'superseded';

export interface Approval {
  kind: 'emergency' | 'promote' | 'rollback' | 'abort';
  by: string;
  at: string;
  reason?: string;
  /** Who, as authenticated, and how (absent in releases recorded before issue 8). */
  actor?: Actor;
}

export interface ReleaseProgress {
  workflowId: string;
  releaseId: string;
  service: string;
  environment: string;
  image: string;
  previousImage: string | null;
  requestedBy: string;
  status: ReleaseStatus;
  stages: StageProgress[];
  /** Overall percent, 0–100. */
  percent: number;
  currentStep: string;
  /** When a durable timer will wake the release (window opening, end of bake). */
  wakeAt?: string;
  lastError?: ErrorReport;
  approvals: Approval[];
  /** A newer image waiting behind this release. */
  queuedImage?: string;
  superseded: string[];
  /** Where the image was tested (promoteFrom), or the audited override of that rule. */
  promotion?: PromotionSource;
  /** A merge request's preview environment: where it answers. */
  previewUrl?: string;
  /** The weighted gray step the release is on (absent without steps). */
  grayStep?: GrayStepProgress;
  /** The metric checks of each gray step evaluated so far, latest evaluation per step. */
  analysis?: StepAnalysis[];
  /** Waiting for a deploy slot (flow control): which limit, and how many were ahead when it queued. */
  deployQueue?: DeployQueueProgress;
}

export interface GrayStepProgress {
  /** 0-based index of the step, of `of` steps. */
  index: number;
  of: number;
  /** Percent of real requests going to gray. */
  weight: number;
  /** When the step's bake ends (absent while its weight is being applied). */
  bakeUntil?: string;
}

export interface StepAnalysis {
  /** e.g. `gray-10` */
  step: string;
  weight: number;
  /** pending: evaluated during the bake, not decided yet (only a failed check decides early). */
  verdict: 'pass' | 'fail' | 'pause' | 'pending';
  results: CheckResult[];
  /** One line per check that did not pass: the query, its value and the threshold, or why it has no value. */
  summary: string;
  at: string;
}

export interface DeployQueueProgress {
  /** The limit's key: the environment, or environment/cluster. */
  key: string;
  maxParallel: number;
  /** How many were ahead when it queued; absent until the lessor answered (or when a slot was free at once). */
  ahead?: number;
}

export type PipelineStatus = 'running' | 'succeeded' | 'failed';

export interface PipelineProgress {
  workflowId: string;
  service: string;
  environment: string;
  commit: string;
  status: PipelineStatus;
  stages: StageProgress[];
  percent: number;
  currentStep: string;
  lastError?: ErrorReport;
  /** The pinned artifact CI built: an image, or a package when `artifact` says so. */
  image?: string;
  artifact?: 'package';
  releaseWorkflowId?: string;
}
