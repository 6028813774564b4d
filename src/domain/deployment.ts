/** What the GitOps repo says should run for one service in one environment. */
export interface DeploymentState {
  /** Image reference of the stable (full) track, pinned by digest where one is known. */
  stable: string | null;
  /** Image reference of the gray track; null when no gray is running. */
  gray: string | null;
  /**
   * Share of real requests (0–100) the gray track gets while it runs; absent means 0 (gray takes no user traffic,
   * only health checks), the behaviour before weighted steps. Meaningless without a gray image.
   */
  grayWeight?: number;
}

export const EMPTY_DEPLOYMENT: DeploymentState = { stable: null, gray: null };
