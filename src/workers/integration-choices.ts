import { readFileSync } from 'node:fs';
import type { Catalog } from '../config/catalog-schema';
import type { IntegrationSettings } from '../config/integration-settings';
import type { Settings } from '../config/settings';
import { createBuildahImageBuilder } from '../integrations/buildah/buildah-image-builder';
import { createArgoCdClient } from '../integrations/argocd/argocd-client';
import { createArgoCdDeployTarget } from '../integrations/argocd/argocd-deploy-target';
import { createFeishuApi } from '../integrations/feishu/feishu-api';
import { createFeishuNotifier } from '../integrations/feishu/feishu-notifier';
import { createSonarQubeClient } from '../integrations/sonarqube/sonarqube-client';
import { createSonarQubeGate } from '../integrations/sonarqube/sonarqube-gate';
import type { DeployTarget } from '../ports/deploy-target';
import type { Executor } from '../ports/executor';
import { createKubernetesExecutor } from '../integrations/kubernetes/kubernetes-executor';
import { loadKubernetesClient } from '../integrations/kubernetes/load-client';
import type { PodTemplate } from '../integrations/kubernetes/pod-spec';
import type { ImageBuilder } from '../ports/image-builder';
import type { LogStore } from '../ports/log-store';
import type { Notifier } from '../ports/notifier';
import type { QualityGate } from '../ports/quality-gate';
import type { PackageStore } from '../ports/package-store';
import { createLocalPackageStore } from '../integrations/local/local-package-store';
import { createOrasPackageStore } from '../integrations/oras/oras-package-store';
import { orasBinary } from '../integrations/oras/oras-binary';
import { createRegistryDigests, type RegistryDigests } from '../integrations/registry/registry-digests';
import { createPrometheusAnalysis } from '../integrations/prometheus/prometheus-analysis';
import type { MetricsAnalysis } from '../ports/metrics-analysis';

/**
 * Build steps in pods when configured: one pod per step, the workspace on a shared claim mounted at the same path
 * on the worker (so test reports and build output are read where the checkout wrote them).
 */
export function chooseExecutor(
  config: IntegrationSettings['executor'],
  deps: { logs: LogStore; workspacesDir: string; catalog: Catalog },
  embedded: () => Executor,
): Executor {
  if (config.kind === 'local') return embedded();
  // The client package is ESM-only and loads asynchronously: create the executor on first use.
  let executor: Promise<Executor> | undefined;
  const make = async (): Promise<Executor> => {
    const k8s = await loadKubernetesClient();
    const kubeConfig = new k8s.KubeConfig();
    kubeConfig.loadFromDefault(); // $KUBECONFIG, ~/.kube/config, or the pod's service account
    return createKubernetesExecutor({
      kubeConfig,
      namespace: config.namespace,
      logs: deps.logs,
      // Steps run in their language's build image, so the language's pod settings are keyed by that image.
      templates: Object.fromEntries(
        Object.values(deps.catalog.languages).flatMap((l) => (l.pod ? [[l.buildImage, l.pod as PodTemplate]] : [])),
      ),
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
export function chooseDeployTarget(
  config: IntegrationSettings['deployTarget'],
  embedded: () => DeployTarget,
): DeployTarget {
  if (config.kind === 'local') return embedded();
  const client = createArgoCdClient({
    baseUrl: config.url,
    token: config.token,
    ca: config.caFile ? readFileSync(config.caFile, 'utf8') : undefined,
    insecureSkipVerify: config.insecure,
  });
  return createArgoCdDeployTarget({ client, pollMs: config.pollMs });
}

export function chooseQualityGate(
  config: IntegrationSettings['qualityGate'],
  deps: { executor: Executor; logs: LogStore },
  embedded: () => QualityGate,
): QualityGate {
  if (config.kind === 'local') return embedded();
  return createSonarQubeGate({
    client: createSonarQubeClient({ baseUrl: config.url, token: config.token }),
    executor: deps.executor,
    logs: deps.logs,
    scannerCommand: config.scanner,
    serverUrl: config.url,
    token: config.token,
    treatNoneAs: config.noneAs,
    pollMs: config.pollMs,
  });
}

export function chooseImageBuilder(
  config: IntegrationSettings['imageBuilder'],
  deps: { logs: LogStore; workDir: string },
  embedded: () => ImageBuilder,
): ImageBuilder {
  if (config.kind === 'local') return embedded();
  return createBuildahImageBuilder({ logs: deps.logs, workDir: deps.workDir, registry: config.registry });
}

/**
 * Packages beside the images: in the embedded OCI layout with the embedded image builder, otherwise in the
 * builder's registry through oras, with the same credentials.
 */
export function choosePackageStore(
  config: IntegrationSettings['imageBuilder'],
  deps: { logs: LogStore; packagesDir: string },
): PackageStore {
  if (config.kind === 'local') return createLocalPackageStore(deps);
  const { username, password, tlsVerify } = config.registry;
  return createOrasPackageStore({ oras: orasBinary(), logs: deps.logs, registry: { username, password, tlsVerify } });
}

export function chooseNotifier(settings: Settings, catalog: Catalog, embedded: () => Notifier): Notifier {
  const config = settings.integrations.notifier;
  if (config.kind === 'log') return embedded();
  return createFeishuNotifier({
    api: createFeishuApi({ appId: config.appId, appSecret: config.appSecret, baseUrl: config.baseUrl }),
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
export function chooseRegistryDigests(
  config: IntegrationSettings,
  catalogRegistry: string,
  embedded: () => RegistryDigests,
): RegistryDigests {
  const r = config.registry;
  const remote = createRegistryDigests({
    credentials: (host) =>
      r && host === r.host && r.username ? { username: r.username, password: r.password ?? '' } : undefined,
    plainHttp: r && !r.tlsVerify ? [r.host] : [],
  });
  if (config.imageBuilder.kind !== 'local') return remote;
  const local = embedded();
  return { pin: (image) => (image.registry === catalogRegistry ? local.pin(image) : remote.pin(image)) };
}

/**
 * Gray steps' metric checks query this Prometheus (GANTRY_PROMETHEUS_URL; the embedded mode points it at its
 * own). Without one every check is inconclusive, so the catalog's inconclusive policy decides, never a pass.
 */
export function chooseMetricsAnalysis(url: string | undefined): MetricsAnalysis | undefined {
  return url ? createPrometheusAnalysis({ url }) : undefined;
}
