import type { DeploymentState } from '../domain/deployment';

export interface DeployRef {
  service: string;
  environment: string;
}

/** What a deploy wait reports while it waits, and what a retry re-attaches to. */
export interface DeployProgress {
  phase: string;
  elapsedMs: number;
  /** The GitOps revision the wait is for (the Argo CD operation synced it). */
  revision?: string;
  /** When the first attempt began (epoch ms): a retry keeps the original deadline instead of starting over. */
  startedAt?: number;
}

export interface DeployIo {
  signal: AbortSignal;
  heartbeat: (details: DeployProgress) => void;
  /**
   * True when the signal only means "stop waiting" (the worker is shutting down): leave the running operation
   * alone for the retry to re-attach to. Otherwise a cancel is a person's abort or rollback and stops it.
   */
  detached?: () => boolean;
  /** What the previous attempt last reported (or what the caller knows): the operation to re-attach to. */
  resume?: Partial<DeployProgress>;
}

/** Why a deploy did not become healthy: the error output people see. */
export interface DeployDiagnosis {
  message: string;
  /** Captured output (events, pod logs, process logs): a tail; the full text is in the log store. */
  output: string;
}

export class DeployError extends Error {
  constructor(
    message: string,
    readonly diagnosis: DeployDiagnosis,
    readonly kind: 'failed' | 'timeout',
  ) {
    super(message);
    this.name = 'DeployError';
  }
}

/** A dynamic environment (a merge request's preview): where it deploys and whose settings it copies. */
export interface EnvironmentSpec {
  /** Kubernetes namespace (from the catalog's previews template). */
  namespace: string;
  /** The catalog environment it is a copy of (previews.baseEnvironment). */
  baseEnvironment: string;
}

export interface OpenedEnvironment {
  /** Where it answers when the target decides that (the local target's port); absent otherwise. */
  url?: string;
}

/**
 * Where releases land: the local process runner (embedded default) or Argo CD. The desired state always comes
 * from a GitOps revision, so a sync is a reconcile: syncing the same revision twice changes nothing.
 */
export interface DeployTarget {
  /** Makes the target run what `revision` of the GitOps repo says for this service and environment. */
  sync(ref: DeployRef, revision: string, io: DeployIo): Promise<void>;
  /** Resolves when every running track is healthy; throws DeployError (with a diagnosis) otherwise. */
  waitHealthy(ref: DeployRef, expected: DeploymentState, timeoutMs: number, io: DeployIo): Promise<void>;
  /**
   * Makes the place a dynamic environment deploys to (an Argo CD app, a port of its own); idempotent, and the same
   * place for as long as it stays open. Targets without one deploy dynamic environments like any other.
   */
  openEnvironment?(ref: DeployRef, spec: EnvironmentSpec, io: DeployIo): Promise<OpenedEnvironment>;
  /** Removes what openEnvironment made, with whatever still runs there; idempotent. */
  closeEnvironment?(ref: DeployRef, io: DeployIo): Promise<void>;
}
