import type { DeploymentState } from '../domain/deployment';

export interface DeploymentChange {
  service: string;
  environment: string;
  /** Fields to set; fields left out keep their value. */
  set: Partial<DeploymentState>;
  /**
   * Deletes the values file instead of setting fields (a closed preview's environment is gone, not empty): read
   * back as no deployment. A file already absent needs no commit.
   */
  remove?: boolean;
  /** Idempotency key written as a `Gantry-Change:` commit trailer; a change whose key is in history is not repeated. */
  changeId: string;
  message: string;
}

export interface CommitOutcome {
  /** The commit that carries the change (new, or found in history). */
  revision: string;
  /** True when the change was already committed by an earlier attempt. */
  alreadyApplied: boolean;
}

/** Cancellation and liveness for Git work that can take a while (fetches, pushes, push races). */
export interface GitOpsIo {
  signal?: AbortSignal;
  heartbeat?: (details: { phase: string }) => void;
}

export interface GitOpsRepo {
  /** The desired state at the branch head, or at a given commit (what a deploy target reconciles to). */
  read(service: string, environment: string, revision?: string, io?: GitOpsIo): Promise<DeploymentState>;
  /** Commits and pushes the change, rebasing and retrying on a non-fast-forward push. Idempotent by changeId. */
  commit(change: DeploymentChange, io?: GitOpsIo): Promise<CommitOutcome>;
}
