import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActivityDeps } from '../activities';
import type { Catalog } from '../config/catalog-schema';
import type { Settings } from '../config/settings';
import { createGitOpsRepo } from '../integrations/git/git-ops-repo';
import { createGitSourceRepo } from '../integrations/git/git-source-repo';
import { createLocalDeployTarget } from '../integrations/local/local-deploy-target';
import { createPreviewPorts } from '../integrations/local/preview-ports';
import { createLocalExecutor } from '../integrations/local/local-executor';
import { createLocalImageBuilder } from '../integrations/local/local-image-builder';
import { createLocalQualityGate } from '../integrations/local/local-quality-gate';
import { createFileLogStore } from '../integrations/log/file-log-store';
import { createLogNotifier } from '../integrations/notify/log-notifier';
import { createTrivyScanner, type TrivyTarget } from '../integrations/trivy/trivy-scanner';
import { trivyBinary } from '../integrations/trivy/trivy-binary';
import { imageDir } from '../integrations/local/image-store';
import { createLocalImageDigests } from '../integrations/local/local-image-digests';
import { artifactKindOf } from '../domain/artifact-kind';
import type { DeployRef } from '../ports/deploy-target';
import type { PackageStore } from '../ports/package-store';
import {
  chooseDeployTarget,
  chooseExecutor,
  chooseImageBuilder,
  chooseMetricsAnalysis,
  chooseNotifier,
  choosePackageStore,
  chooseQualityGate,
  chooseRegistryDigests,
} from './integration-choices';
import { hostPortOf, preferredPreviewSlot, previewPortRange } from './service-host-ports';

export interface WorkerDependencies extends ActivityDeps {
  /** Stops the services the local deploy target started. */
  stop(): Promise<void>;
  /** The preview environments the local deploy target holds ports for: what a restart brings back. */
  openPreviews(): DeployRef[];
}

/**
 * The worker's clients: the one-machine defaults (host processes for builds, a directory image store, local
 * processes as targets, a log-line notifier), with Argo CD, SonarQube and Feishu where the settings choose them.
 */
export function createWorkerDependencies(
  settings: Settings,
  catalog: Catalog,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  hooks: { onTracksChanged?: () => void } = {},
): WorkerDependencies {
  const dir = (name: string) => join(settings.dataDir, name);
  const logs = createFileLogStore(dir('logs'));
  const gitOps = createGitOpsRepo({ remoteUrl: settings.gitOpsRemote, workDir: dir('gitops-work') });
  const imagesDir = dir('images');
  const packages = choosePackageStore(settings.integrations.imageBuilder, { logs, packagesDir: dir('packages') });
  const portOf = hostPortOf(catalog, settings.localBasePort);
  const previewPorts = createPreviewPorts({
    file: dir('preview-ports.json'),
    ...previewPortRange(catalog, settings.localBasePort),
    preferredSlot: (ref) => preferredPreviewSlot(catalog, ref),
  });
  const local = createLocalDeployTarget({
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
  const executor = chooseExecutor(
    settings.integrations.executor,
    { logs, workspacesDir: dir('workspaces'), catalog },
    () => createLocalExecutor({ logs }),
  );
  const { integrations } = settings;
  return {
    catalog,
    repoBase: settings.repoBase,
    workspacesDir: dir('workspaces'),
    logs,
    source: createGitSourceRepo({ cacheDir: dir('git-cache') }),
    executor,
    imageBuilder: chooseImageBuilder(integrations.imageBuilder, { logs, workDir: dir('buildah') }, () =>
      createLocalImageBuilder({ imagesDir, logs }),
    ),
    packages,
    qualityGate: chooseQualityGate(integrations.qualityGate, { executor, logs }, () =>
      createLocalQualityGate({ logs }),
    ),
    gitOps,
    metricsAnalysis: chooseMetricsAnalysis(settings.prometheus.url),
    target: chooseDeployTarget(integrations.deployTarget, () => local),
    notifier: chooseNotifier(settings, catalog, () => createLogNotifier(write)),
    registry: chooseRegistryDigests(integrations, catalog.registry, () =>
      createLocalImageDigests(imagesDir, catalog.registry),
    ),
    imageScanner: catalog.imageScan
      ? createTrivyScanner({
          logs,
          trivy: trivyBinary(settings.imageScan.trivy),
          cacheDir: settings.imageScan.cacheDir,
          resolveTarget: (image) =>
            artifactKindOf(image) === 'package'
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
async function unpackedForScan(packages: PackageStore, reference: string): Promise<TrivyTarget> {
  const dir = await mkdtemp(join(tmpdir(), 'gantry-scan-package-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    await packages.unpack(reference, dir, { signal: new AbortController().signal, heartbeat: () => undefined });
  } catch (err) {
    await cleanup();
    throw err;
  }
  return { kind: 'rootfs', path: dir, cleanup };
}

/** The embedded image store keeps images as directories (scanned as a tree); buildah's are in its registry. */
function scanTarget(config: Settings['integrations']['imageBuilder'], imagesDir: string, image: string): TrivyTarget {
  if (config.kind === 'local') return { kind: 'rootfs', path: imageDir(imagesDir, image) };
  const { username, password, tlsVerify } = config.registry;
  return { kind: 'image', ref: image, insecure: !tlsVerify, username, password };
}
