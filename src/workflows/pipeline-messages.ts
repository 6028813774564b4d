import { defineQuery } from '@temporalio/workflow';
import type { PipelineProgress } from '../domain/progress';

export interface PipelineInput {
  service: string;
  environment: string;
  commit: string;
  /** Who pushed (GitLab username, GitHub login or CLI user), for the audit trail. */
  triggeredBy: string;
  /** The branch to build when it is not the environment's own: a merge request's source branch (previews). */
  branch?: string;
  /** Task queue of the build workers; unset, build steps run on the pipeline's own queue. */
  buildTaskQueue?: string;
}

export interface PipelineResult {
  /** The pinned image, or the pinned package when `artifact` is package: what the release deploys. */
  image: string;
  artifact?: 'package';
  commit: string;
  tests: { total: number; failed: number; skipped: number };
  coverage?: number;
  /** Set when the environment deploys automatically and the release was handed over. */
  releaseWorkflowId?: string;
}

export const pipelineProgressQuery = defineQuery<PipelineProgress>('pipelineProgress');
