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
