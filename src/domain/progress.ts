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
  image?: string;
  releaseWorkflowId?: string;
}
