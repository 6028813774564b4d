import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ErrorReport, StageProgress } from '../domain/progress';

/** What a merge request asks of its preview: build and deploy a commit, or tear it down. */
export interface PreviewRequest {
  action: 'deploy' | 'close';
  /** The source branch's head commit (deploy). */
  commit?: string;
  /** The merge request's source branch (deploy). */
  branch?: string;
  /** Who acted on the merge request (GitLab username). */
  by: string;
  /** GitLab's action, for the log: open, reopen, update, close, merge. */
  reason: string;
}

export interface PreviewWorkflowInput {
  service: string;
  /** The merge request's iid (per project). */
  iid: number;
  request: PreviewRequest;
  buildTaskQueue?: string;
}

export type PreviewStatus = 'building' | 'deploying' | 'live' | 'failed' | 'tearing-down' | 'closed';

export interface PreviewProgress {
  workflowId: string;
  service: string;
  environment: string;
  iid: number;
  status: PreviewStatus;
  stages: StageProgress[];
  commit?: string;
  branch?: string;
  image?: string;
  /** Where the preview answers while it is live. */
  previewUrl?: string;
  /** When the TTL tears it down unless the merge request is updated. */
  expiresAt?: string;
  /** Why it was torn down: merged, closed, or the TTL. */
  closedReason?: string;
  lastError?: ErrorReport;
  /** What happened, one line each (also in the log store under the workflow id). */
  log: string[];
}

/** A newer merge request event: the newest deploy wins; a close always wins. */
export const previewRequestSignal = defineSignal<[PreviewRequest]>('previewRequest');
export const previewProgressQuery = defineQuery<PreviewProgress>('previewProgress');
