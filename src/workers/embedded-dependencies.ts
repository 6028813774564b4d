import { join } from 'node:path';
import type { ActivityDeps } from '../activities';
import type { Catalog } from '../config/catalog-schema';
import type { Settings } from '../config/settings';
import { createGitOpsRepo } from '../integrations/git/git-ops-repo';
import { createGitSourceRepo } from '../integrations/git/git-source-repo';
import { createLocalDeployTarget } from '../integrations/local/local-deploy-target';
import { createLocalExecutor } from '../integrations/local/local-executor';
import { createLocalImageBuilder } from '../integrations/local/local-image-builder';
import { createLocalQualityGate } from '../integrations/local/local-quality-gate';
import { createFileLogStore } from '../integrations/log/file-log-store';
import { createLogNotifier } from '../integrations/notify/log-notifier';
import {
  chooseDeployTarget,
  chooseExecutor,
  chooseImageBuilder,
  chooseNotifier,
  chooseQualityGate,
} from './integration-choices';
import { localPortOf } from './local-ports';

export interface EmbeddedDependencies extends ActivityDeps {
  /** Stops the services the local deploy target started. */
  stop(): Promise<void>;
}

/**
 * The worker's clients: the one-machine defaults (host processes for builds, a directory image store, local
 * processes as targets, a log-line notifier), with Argo CD, SonarQube and Feishu where the settings choose them.
 */
export function createEmbeddedDependencies(
  settings: Settings,
  catalog: Catalog,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): EmbeddedDependencies {
  const dir = (name: string) => join(settings.dataDir, name);
  const logs = createFileLogStore(dir('logs'));
  const gitOps = createGitOpsRepo({ remoteUrl: settings.gitOpsRemote, workDir: dir('gitops-work') });
  const imagesDir = dir('images');
  const local = createLocalDeployTarget({
    imagesDir,
    runDir: dir('run'),
    logs,
    desiredState: (ref, revision) => gitOps.read(ref.service, ref.environment, revision),
    portOf: localPortOf(catalog, settings.localBasePort),
    healthPathOf: (service) => catalog.services[service]?.healthPath ?? '/healthz',
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
    qualityGate: chooseQualityGate(integrations.qualityGate, { executor, logs }, () =>
      createLocalQualityGate({ logs }),
    ),
    gitOps,
    target: chooseDeployTarget(integrations.deployTarget, () => local),
    notifier: chooseNotifier(settings, catalog, () => createLogNotifier(write)),
    stop: () => local.stopAll(),
  };
}
