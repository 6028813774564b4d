"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.previewWorkflowId = exports.previewEnvironment = exports.branchFor = exports.defaultBranchFor = exports.gitOpsValuesPath = exports.imageRepository = exports.workloadName = exports.deployAppName = exports.pipelineWorkflowId = exports.releaseWorkflowId = void 0;
exports.previewIidOf = previewIidOf;
/**
 * The naming convention: one service name drives every identifier, so no mapping table is needed between CI,
 * the GitOps repo, Kubernetes, Argo CD and alerts.
 */
const releaseWorkflowId = (service, environment) => `release/${service}/${environment}`;
exports.releaseWorkflowId = releaseWorkflowId;
const pipelineWorkflowId = (service, environment, commit) => `pipeline/${service}/${environment}/${commit}`;
exports.pipelineWorkflowId = pipelineWorkflowId;
/** Argo CD application, also the K8s namespace-scoped prefix: one app per service and environment. */
const deployAppName = (service, environment) => `${service}-${environment}`;
exports.deployAppName = deployAppName;
/** K8s Deployment name of a track: stable keeps the service name, gray gets a suffix. */
const workloadName = (service, track) => track === 'stable' ? service : `${service}-gray`;
exports.workloadName = workloadName;
const imageRepository = (registry, service) => `${registry}/${service}`;
exports.imageRepository = imageRepository;
const gitOpsValuesPath = (service, environment) => `environments/${environment}/${service}.yaml`;
exports.gitOpsValuesPath = gitOpsValuesPath;
/** Default branch mapping: prod ships from `release`, every other environment from the branch of its own name. */
const defaultBranchFor = (environment) => (environment === 'prod' ? 'release' : environment);
exports.defaultBranchFor = defaultBranchFor;
/**
 * The branch rule: which branch an environment of a service ships from. The service's own mapping wins, then the
 * environment's branch, then the default. Pushes are routed, pipelines check out and example repos are seeded by it.
 */
const branchFor = (service, environment, env) => service.branches[environment] ?? env.branch ?? (0, exports.defaultBranchFor)(environment);
exports.branchFor = branchFor;
/** A merge request's preview environment: a dynamic environment derived from the catalog's `previews` template. */
const previewEnvironment = (iid) => `preview-${iid}`;
exports.previewEnvironment = previewEnvironment;
/** The merge request iid of a preview environment's name, or undefined for any other environment. */
function previewIidOf(environment) {
    const m = /^preview-([1-9][0-9]{0,11})$/.exec(environment);
    return m ? Number(m[1]) : undefined;
}
/** One preview workflow per service and merge request: hook deliveries for it signal the same run. */
const previewWorkflowId = (service, iid) => `preview/${service}/${iid}`;
exports.previewWorkflowId = previewWorkflowId;
//# sourceMappingURL=naming.js.map