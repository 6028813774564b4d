export interface CheckoutRequest {
  repoUrl: string;
  branch: string;
  commit: string;
  /** Directory to check out into (created or reused). */
  workspace: string;
}

export interface CheckoutResult {
  workspace: string;
  commit: string;
  /** First line of the commit message, for progress and notifications. */
  title: string;
}

export interface SourceRepo {
  /** Clones or fetches, verifies the commit is on the branch, checks it out (detached, clean). Idempotent. */
  checkout(req: CheckoutRequest): Promise<CheckoutResult>;
  /** The current head commit of a branch. */
  headOf(repoUrl: string, branch: string): Promise<string>;
}
