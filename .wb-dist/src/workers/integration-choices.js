"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.chooseExecutor = chooseExecutor;
exports.chooseDeployTarget = chooseDeployTarget;
exports.chooseQualityGate = chooseQualityGate;
exports.chooseImageBuilder = chooseImageBuilder;
exports.choosePackageStore = choosePackageStore;
exports.chooseNotifier = chooseNotifier;
exports.chooseRegistryDigests = chooseRegistryDigests;
exports.chooseMetricsAnalysis = chooseMetricsAnalysis;
const node_fs_1 = require("node:fs");
const buildah_image_builder_1 = require("../integrations/buildah/buildah-image-builder");
const argocd_client_1 = require("../integrations/argocd/argocd-client");
const argocd_deploy_target_1 = require("../integrations/argocd/argocd-deploy-target");
const feishu_api_1 = require("../integrations/feishu/feishu-api");
const feishu_notifier_1 = require("../integrations/feishu/feishu-notifier");
const sonarqube_client_1 = require("../integrations/sonarqube/sonarqube-client");
const sonarqube_gate_1 = require("../integrations/sonarqube/sonarqube-gate");
const kubernetes_executor_1 = require("../integrations/kubernetes/kubernetes-executor");
const load_client_1 = require("../integrations/kubernetes/load-client");
const local_package_store_1 = require("../integrations/local/local-package-store");
const oras_package_store_1 = require("../integrations/oras/oras-package-store");
const oras_binary_1 = require("../integrations/oras/oras-binary");
const registry_digests_1 = require("../integrations/registry/registry-digests");
const prometheus_analysis_1 = require("../integrations/prometheus/prometheus-analysis");
/**
 * Build steps in pods when configured: one pod per step, the workspace on a shared claim mounted at the same path
 * on the worker (so test reports and build output are read where the checkout wrote them).
 */
function chooseExecutor(config, deps, embedded) {
    if (config.kind === 'local')
        return embedded();
    // The client package is ESM-only and loads asynchronously: create the executor on first use.
    let executor;
    const make = async () => {
        const k8s = await (0, load_client_1.loadKubernetesClient)();
        const kubeConfig = new k8s.KubeConfig();
        kubeConfig.loadFromDefault(); // $KUBECONFIG, ~/.kube/config, or the pod's service account
        return (0, kubernetes_executor_1.createKubernetesExecutor)({
            kubeConfig,
            namespace: config.namespace,
            logs: deps.logs,
            // Steps run in their language's build image, so the language's pod settings are keyed by that image.
            templates: Object.fromEntries(Object.values(deps.catalog.languages).flatMap((l) => (l.pod ? [[l.buildImage, l.pod]] : []))),
            workspace: {
                kind: 'volume',
                volume: { name: 'workspaces', persistentVolumeClaim: { claimName: config.workspaceClaim } },
                hostRoot: deps.workspacesDir,
            },
        });
    };
    return { run: async (step, io) => (await (executor ??= make())).run(step, io) };
}
/** Argo CD when configured; otherwise the given embedded target. */
function chooseDeployTarget(config, embedded) {
    if (config.kind === 'local')
        return embedded();
    const client = (0, argocd_client_1.createArgoCdClient)({
        baseUrl: config.url,
        token: config.token,
        ca: config.caFile ? (0, node_fs_1.readFileSync)(config.caFile, 'utf8') : undefined,
        insecureSkipVerify: config.insecure,
    });
    return (0, argocd_deploy_target_1.createArgoCdDeployTarget)({ client, pollMs: config.pollMs });
}
function chooseQualityGate(config, deps, embedded) {
    if (config.kind === 'local')
        return embedded();
    return (0, sonarqube_gate_1.createSonarQubeGate)({
        client: (0, sonarqube_client_1.createSonarQubeClient)({ baseUrl: config.url, token: config.token }),
        executor: deps.executor,
        logs: deps.logs,
        scannerCommand: config.scanner,
        serverUrl: config.url,
        token: config.token,
        treatNoneAs: config.noneAs,
        pollMs: config.pollMs,
    });
}
function chooseImageBuilder(config, deps, embedded) {
    if (config.kind === 'local')
        return embedded();
    return (0, buildah_image_builder_1.createBuildahImageBuilder)({ logs: deps.logs, workDir: deps.workDir, registry: config.registry });
}
/**
 * Packages beside the images: in the embedded OCI layout with the embedded image builder, otherwise in the
 * builder's registry through oras, with the same credentials.
 */
function choosePackageStore(config, deps) {
    if (config.kind === 'local')
        return (0, local_package_store_1.createLocalPackageStore)(deps);
    const { username, password, tlsVerify } = config.registry;
    return (0, oras_package_store_1.createOrasPackageStore)({ oras: (0, oras_binary_1.orasBinary)(), logs: deps.logs, registry: { username, password, tlsVerify } });
}
function chooseNotifier(settings, catalog, embedded) {
    const config = settings.integrations.notifier;
    if (config.kind === 'log')
        return embedded();
    return (0, feishu_notifier_1.createFeishuNotifier)({
        api: (0, feishu_api_1.createFeishuApi)({ appId: config.appId, appSecret: config.appSecret, baseUrl: config.baseUrl }),
        chatId: config.chatId,
        botWebhook: config.botWebhook,
        people: catalog.people,
        uiUrl: settings.temporal.uiUrl,
        apiUrl: settings.http.publicUrl,
        namespace: settings.temporal.namespace,
    });
}
/**
 * Where a release resolves a tag to a digest: the registry GANTRY_REGISTRY_URL names (with its credentials; plain
 * HTTP when TLS verification is off), any other registry anonymously over HTTPS; with the embedded image builder,
 * images of the catalog's registry resolve in the embedded image store.
 */
function chooseRegistryDigests(config, catalogRegistry, embedded) {
    const r = config.registry;
    const remote = (0, registry_digests_1.createRegistryDigests)({
        credentials: (host) => r && host === r.host && r.username ? { username: r.username, password: r.password ?? '' } : undefined,
        plainHttp: r && !r.tlsVerify ? [r.host] : [],
    });
    if (config.imageBuilder.kind !== 'local')
        return remote;
    const local = embedded();
    return { pin: (image) => (image.registry === catalogRegistry ? local.pin(image) : remote.pin(image)) };
}
/**
 * Gray steps' metric checks query this Prometheus (GANTRY_PROMETHEUS_URL; the embedded mode points it at its
 * own). Without one every check is inconclusive, so the catalog's inconclusive policy decides, never a pass.
 */
function chooseMetricsAnalysis(url) {
    return url ? (0, prometheus_analysis_1.createPrometheusAnalysis)({ url }) : undefined;
}
//# sourceMappingURL=integration-choices.js.map