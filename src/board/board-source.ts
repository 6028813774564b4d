import type { PipelineSummary } from '../client/gantry-client';
import type { DeploymentState } from '../domain/deployment';
import type { PipelineProgress, ReleaseProgress, ReleaseStatus } from '../domain/progress';
import type { PipelineResult } from '../workflows/pipeline-messages';
import type { PreviewProgress } from '../workflows/preview-messages';

export interface BoardService {
  name: string;
  team: string;
  owners: string[];
}

export interface BoardEnvironment {
  name: string;
  timeZone: string;
  /** The environment whose healthy image a release here ships by default (the catalog's promoteFrom). */
  promoteFrom?: string;
}

/** The newest release of one service in one environment, as visibility and the progress query tell it. */
export interface ReleaseCellData {
  workflowId: string;
  status: ReleaseStatus | string;
  running: boolean;
  image: string;
  requestedBy: string;
  startTime: string;
  /** Present for running releases and closed ones that failed (their error). */
  progress?: ReleaseProgress;
}

export interface CellData {
  service: string;
  environment: string;
  deployment: DeploymentState;
  release?: ReleaseCellData;
}

/** An open merge request preview: where it answers and how it is doing. */
export type PreviewCell = Pick<
  PreviewProgress,
  'workflowId' | 'service' | 'environment' | 'iid' | 'status' | 'branch' | 'image' | 'previewUrl' | 'expiresAt'
>;

export interface BoardSnapshot {
  /** When the data was read (ISO). */
  at: string;
  /** Keyed by `${service}/${environment}`. */
  cells: Map<string, CellData>;
  /** Open merge request previews, newest first; absent where the source has none. */
  previews?: PreviewCell[];
}

export interface GitOpsCommit {
  sha: string;
  date: string;
  subject: string;
}

export interface PipelineView {
  progress: PipelineProgress;
  result?: PipelineResult;
}

/**
 * Everything the board reads, in one port: the catalog's shape, one snapshot of all cells (polled by one shared
 * poller), and detail reads for the release and CI pages. Implemented over GantryClient + catalog; tests and the
 * bench implement it with synthetic data.
 */
export interface BoardSource {
  services(): BoardService[];
  environments(): BoardEnvironment[];
  /** People allowed to take an action on a service in an environment (for showing only usable buttons). */
  permittedPeople(service: string, environment: string, action: BoardAction): string[];
  snapshot(): Promise<BoardSnapshot>;
  release(service: string, environment: string): Promise<ReleaseProgress | undefined>;
  pipelines(service: string, environment: string): Promise<PipelineSummary[]>;
  pipeline(service: string, environment: string, commit: string): Promise<PipelineView | undefined>;
  gitOpsCommits(service: string, environment: string): Promise<GitOpsCommit[] | undefined>;
  /** Link to the workflow in the Temporal UI. */
  temporalUiLink(workflowId: string): string | undefined;
}

export type BoardAction = 'release' | 'approve' | 'promote' | 'rollback' | 'abort';

export const cellKey = (service: string, environment: string): string => `${service}/${environment}`;
