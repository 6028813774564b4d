import { deployAppName, gitOpsValuesPath } from '../../domain/naming';
import { DeployError, type DeployRef, type EnvironmentSpec, type OpenedEnvironment } from '../../ports/deploy-target';
import { type Application, type ArgoCdClient, ArgoCdError } from './argocd-client';

/**
 * Argo CD apps for dynamic environments (merge request previews): `<service>-preview-<iid>`, a copy of the base
 * environment's app (same project, cluster, chart and sync policy) that renders the preview's values file into
 * the preview's namespace. Created before the first sync, deleted with its resources (cascade) after teardown.
 */
export function createPreviewApps(client: ArgoCdClient) {
  return {
    async openEnvironment(ref: DeployRef, spec: EnvironmentSpec): Promise<OpenedEnvironment> {
      const baseName = deployAppName(ref.service, spec.baseEnvironment);
      let base: Application;
      try {
        base = await client.getApp(baseName);
      } catch (err) {
        throw refusal(err, `read ${baseName}, the app a preview of ${ref.service} is copied from`);
      }
      try {
        // Upsert: a retry after a lost answer, or a preview reopened, gets the same app back.
        await client.createApp(previewApplication(base, ref, spec), { upsert: true });
      } catch (err) {
        throw refusal(err, `create ${deployAppName(ref.service, ref.environment)}`);
      }
      return {};
    },

    async closeEnvironment(ref: DeployRef): Promise<void> {
      const name = deployAppName(ref.service, ref.environment);
      try {
        await client.deleteApp(name, { cascade: true });
      } catch (err) {
        // Argo CD answers 403 for an unknown app too: gone already (an earlier attempt) unless it can still be read.
        if (err instanceof ArgoCdError && (err.status === 404 || err.status === 403) && !(await exists(name))) return;
        throw refusal(err, `delete ${name}`);
      }
    },
  };

  async function exists(name: string): Promise<boolean> {
    try {
      await client.getApp(name);
      return true;
    } catch {
      return false;
    }
  }
}

/** The base app with the preview's name, namespace and values file; status and operations are Argo CD's own. */
export function previewApplication(base: Application, ref: DeployRef, spec: EnvironmentSpec): Application {
  const from = gitOpsValuesPath(ref.service, spec.baseEnvironment);
  const to = gitOpsValuesPath(ref.service, ref.environment);
  // The base app names its environment's values file (valueFiles, a path, a ref source); the preview names its own.
  const retarget = <T>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll(from, to)) as T;
  const baseSpec = base.spec ?? {};
  const syncOptions = baseSpec.syncPolicy?.syncOptions ?? [];
  return {
    metadata: {
      name: deployAppName(ref.service, ref.environment),
      ...(base.metadata.namespace ? { namespace: base.metadata.namespace } : {}),
      labels: {
        'gantry.io/service': ref.service,
        'gantry.io/environment': ref.environment,
        'gantry.io/preview': 'true',
      },
    },
    spec: {
      ...baseSpec,
      ...(baseSpec.source ? { source: retarget(baseSpec.source) } : {}),
      ...(baseSpec.sources ? { sources: retarget(baseSpec.sources) } : {}),
      destination: { ...baseSpec.destination, namespace: spec.namespace },
      // The preview's namespace does not exist yet.
      syncPolicy: {
        ...baseSpec.syncPolicy,
        syncOptions: syncOptions.includes('CreateNamespace=true')
          ? syncOptions
          : [...syncOptions, 'CreateNamespace=true'],
      },
    },
  };
}

/** Refusals retrying cannot fix fail the preview with Argo CD's reason; outages are retried. */
function refusal(err: unknown, action: string): unknown {
  if (!(err instanceof ArgoCdError) || err.transient) return err;
  const message = `Argo CD refused to ${action}: ${err.message}`;
  return new DeployError(message, { message: err.serverMessage, output: '' }, 'failed');
}
