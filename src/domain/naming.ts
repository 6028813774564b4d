/**
 * The naming convention: one service name drives every identifier, so no mapping table is needed between CI,
 * the GitOps repo, Kubernetes, Argo CD and alerts.
 */
export const releaseWorkflowId = (service: string, environment: string): string => `release/${service}/${environment}`;

export const pipelineWorkflowId = (service: string, environment: string, commit: string): string =>
  `pipeline/${service}/${environment}/${commit}`;

/** Argo CD application, also the K8s namespace-scoped prefix: one app per service and environment. */
export const deployAppName = (service: string, environment: string): string => `${service}-${environment}`;

/** K8s Deployment name of a track: stable keeps the service name, gray gets a suffix. */
export const workloadName = (service: string, track: Track): string =>
  track === 'stable' ? service : `${service}-gray`;

export const imageRepository = (registry: string, service: string): string => `${registry}/${service}`;

export const gitOpsValuesPath = (service: string, environment: string): string =>
  `environments/${environment}/${service}.yaml`;

export type Track = 'stable' | 'gray';

/** Default branch mapping: prod ships from `release`, every other environment from the branch of its own name. */
export const defaultBranchFor = (environment: string): string => (environment === 'prod' ? 'release' : environment);

/**
 * The branch rule: which branch an environment of a service ships from. The service's own mapping wins, then the
 * environment's branch, then the default. Pushes are routed, pipelines check out and example repos are seeded by it.
 */
export const branchFor = (
  service: { branches: Record<string, string> },
  environment: string,
  env: { branch?: string },
): string => service.branches[environment] ?? env.branch ?? defaultBranchFor(environment);

/** A merge request's preview environment: a dynamic environment derived from the catalog's `previews` template. */
export const previewEnvironment = (iid: number): string => `preview-${iid}`;

/** The merge request iid of a preview environment's name, or undefined for any other environment. */
export function previewIidOf(environment: string): number | undefined {
  const m = /^preview-([1-9][0-9]{0,11})$/.exec(environment);
  return m ? Number(m[1]) : undefined;
}

/** One preview workflow per service and merge request: hook deliveries for it signal the same run. */
export const previewWorkflowId = (service: string, iid: number): string => `preview/${service}/${iid}`;
