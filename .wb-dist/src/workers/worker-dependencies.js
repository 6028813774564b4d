"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createWorkerDependencies = createWorkerDependencies;
const promises_1 = require("node:fs/promises");
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
const git_ops_repo_1 = require("../integrations/git/git-ops-repo");
const git_source_repo_1 = require("../integrations/git/git-source-repo");
const local_deploy_target_1 = require("../integrations/local/local-deploy-target");
const preview_ports_1 = require("../integrations/local/preview-ports");
const local_executor_1 = require("../integrations/local/local-executor");
const local_image_builder_1 = require("../integrations/local/local-image-builder");
const local_quality_gate_1 = require("../integrations/local/local-quality-gate");
const file_log_store_1 = require("../integrations/log/file-log-store");
const log_notifier_1 = require("../integrations/notify/log-notifier");
const trivy_scanner_1 = require("../integrations/trivy/trivy-scanner");
const trivy_binary_1 = require("../integrations/trivy/trivy-binary");
const image_store_1 = require("../integrations/local/image-store");
const local_image_digests_1 = require("../integrations/local/local-image-digests");
const artifact_kind_1 = require("../domain/artifact-kind");
const integration_choices_1 = require("./integration-choices");
const service_host_ports_1 = require("./service-host-ports");
/**
 * The worker's clients: the one-machine defaults (host processes for builds, a directory image store, local
 * processes as targets, a log-line notifier), with Argo CD, SonarQube and Feishu where the settings choose them.
 */
function createWorkerDependencies(settings, catalog, write = (line) => process.stdout.write(`${line}\n`), hooks = {}) {
    const dir = (name) => (0, node_path_1.join)(settings.dataDir, name);
    const logs = (0, file_log_store_1.createFileLogStore)(dir('logs'));
    const gitOps = (0, git_ops_repo_1.createGitOpsRepo)({ remoteUrl: settings.gitOpsRemote, workDir: dir('gitops-work') });
    const imagesDir = dir('images');
    const packages = (0, integration_choices_1.choosePackageStore)(settings.integrations.imageBuilder, { logs, packagesDir: dir('packages') });
    const portOf = (0, service_host_ports_1.hostPortOf)(catalog, settings.localBasePort);
    const previewPorts = (0, preview_ports_1.createPreviewPorts)({
        file: dir('preview-ports.json'),
        ...(0, service_host_ports_1.previewPortRange)(catalog, settings.localBasePort),
        preferredSlot: (ref) => (0, service_host_ports_1.preferredPreviewSlot)(catalog, ref),
    });
    const local = (0, local_deploy_target_1.createLocalDeployTarget)({
        imagesDir,
        runDir: dir('run'),
        logs,
        desiredState: (ref, revision) => gitOps.read(ref.service, ref.environment, revision),
        portOf,
        healthPathOf: (service) => catalog.services[service]?.healthPath ?? '/healthz',
        toolchainOf: (service) => catalog.languages[catalog.services[service]?.language ?? '']?.toolchain,
        packages,
        previewPorts,
        // The embedded mode rewrites Prometheus' scrape targets from what runs now (stable and gray copies).
        onTracksChanged: hooks.onTracksChanged,
    });
    const executor = (0, integration_choices_1.chooseExecutor)(settings.integrations.executor, { logs, workspacesDir: dir('workspaces'), catalog }, () => (0, local_executor_1.createLocalExecutor)({ logs }));
    const { integrations } = settings;
    return {
        catalog,
        repoBase: settings.repoBase,
        workspacesDir: dir('workspaces'),
        logs,
        source: (0, git_source_repo_1.createGitSourceRepo)({ cacheDir: dir('git-cache') }),
        executor,
        imageBuilder: (0, integration_choices_1.chooseImageBuilder)(integrations.imageBuilder, { logs, workDir: dir('buildah') }, () => (0, local_image_builder_1.createLocalImageBuilder)({ imagesDir, logs })),
        packages,
        qualityGate: (0, integration_choices_1.chooseQualityGate)(integrations.qualityGate, { executor, logs }, () => (0, local_quality_gate_1.createLocalQualityGate)({ logs })),
        gitOps,
        metricsAnalysis: (0, integration_choices_1.chooseMetricsAnalysis)(settings.prometheus.url),
        target: (0, integration_choices_1.chooseDeployTarget)(integrations.deployTarget, () => local),
        notifier: (0, integration_choices_1.chooseNotifier)(settings, catalog, () => (0, log_notifier_1.createLogNotifier)(write)),
        registry: (0, integration_choices_1.chooseRegistryDigests)(integrations, catalog.registry, () => (0, local_image_digests_1.createLocalImageDigests)(imagesDir, catalog.registry)),
        imageScanner: catalog.imageScan
            ? (0, trivy_scanner_1.createTrivyScanner)({
                logs,
                trivy: (0, trivy_binary_1.trivyBinary)(settings.imageScan.trivy),
                cacheDir: settings.imageScan.cacheDir,
                resolveTarget: (image) => (0, artifact_kind_1.artifactKindOf)(image) === 'package'
                    ? unpackedForScan(packages, image)
                    : scanTarget(integrations.imageBuilder, imagesDir, image),
            })
            : undefined,
        // The local deploy target's port; the catalog's previews.url wins (Kubernetes ingress).
        previewUrlOf: (service, environment) => {
            const ref = { service, environment };
            return `http://127.0.0.1:${previewPorts.lookup(ref)?.stable ?? portOf(ref, 'stable')}/`;
        },
        stop: () => local.stopAll(),
        openPreviews: () => (integrations.deployTarget.kind === 'local' ? previewPorts.open() : []),
    };
}
/** A package is scanned as the tree it unpacks to (trivy rootfs), removed again after the scan. */
async function unpackedForScan(packages, reference) {
    const dir = await (0, promises_1.mkdtemp)((0, node_path_1.join)((0, node_os_1.tmpdir)(), 'gantry-scan-package-'));
    const cleanup = () => (0, promises_1.rm)(dir, { recursive: true, force: true });
    try {
        await packages.unpack(reference, dir, { signal: new AbortController().signal, heartbeat: () => undefined });
    }
    catch (err) {
        await cleanup();
        throw err;
    }
    return { kind: 'rootfs', path: dir, cleanup };
}
/** The embedded image store keeps images as directories (scanned as a tree); buildah's are in its registry. */
function scanTarget(config, imagesDir, image) {
    if (config.kind === 'local')
        return { kind: 'rootfs', path: (0, image_store_1.imageDir)(imagesDir, image) };
    const { username, password, tlsVerify } = config.registry;
    return { kind: 'image', ref: image, insecure: !tlsVerify, username, password };
}
//# sourceMappingURL=worker-dependencies.js.map