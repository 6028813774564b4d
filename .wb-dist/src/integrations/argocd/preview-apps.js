"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createPreviewApps = createPreviewApps;
exports.previewApplication = previewApplication;
const naming_1 = require("../../domain/naming");
const deploy_target_1 = require("../../ports/deploy-target");
const argocd_client_1 = require("./argocd-client");
/**
 * Argo CD apps for dynamic environments (merge request previews): `<service>-preview-<iid>`, a copy of the base
 * environment's app (same project, cluster, chart and sync policy) that renders the preview's values file into
 * the preview's namespace. Created before the first sync, deleted with its resources (cascade) after teardown.
 */
function createPreviewApps(client) {
    return {
        async openEnvironment(ref, spec) {
            const baseName = (0, naming_1.deployAppName)(ref.service, spec.baseEnvironment);
            let base;
            try {
                base = await client.getApp(baseName);
            }
            catch (err) {
                throw refusal(err, `read ${baseName}, the app a preview of ${ref.service} is copied from`);
            }
            try {
                // Upsert: a retry after a lost answer, or a preview reopened, gets the same app back.
                await client.createApp(previewApplication(base, ref, spec), { upsert: true });
            }
            catch (err) {
                throw refusal(err, `create ${(0, naming_1.deployAppName)(ref.service, ref.environment)}`);
            }
            return {};
        },
        async closeEnvironment(ref) {
            const name = (0, naming_1.deployAppName)(ref.service, ref.environment);
            try {
                await client.deleteApp(name, { cascade: true });
            }
            catch (err) {
                // Argo CD answers 403 for an unknown app too: gone already (an earlier attempt) unless it can still be read.
                if (err instanceof argocd_client_1.ArgoCdError && (err.status === 404 || err.status === 403) && !(await exists(name)))
                    return;
                throw refusal(err, `delete ${name}`);
            }
        },
    };
    async function exists(name) {
        try {
            await client.getApp(name);
            return true;
        }
        catch {
            return false;
        }
    }
}
/** The base app with the preview's name, namespace and values file; status and operations are Argo CD's own. */
function previewApplication(base, ref, spec) {
    const from = (0, naming_1.gitOpsValuesPath)(ref.service, spec.baseEnvironment);
    const to = (0, naming_1.gitOpsValuesPath)(ref.service, ref.environment);
    // The base app names its environment's values file (valueFiles, a path, a ref source); the preview names its own.
    const retarget = (value) => JSON.parse(JSON.stringify(value).replaceAll(from, to));
    const baseSpec = base.spec ?? {};
    const syncOptions = baseSpec.syncPolicy?.syncOptions ?? [];
    return {
        metadata: {
            name: (0, naming_1.deployAppName)(ref.service, ref.environment),
            ...(base.metadata.namespace ? { namespace: base.metadata.namespace } : {}),
            labels: { 'gantry.io/service': ref.service, 'gantry.io/environment': ref.environment, 'gantry.io/preview': 'true' },
        },
        spec: {
            ...baseSpec,
            ...(baseSpec.source ? { source: retarget(baseSpec.source) } : {}),
            ...(baseSpec.sources ? { sources: retarget(baseSpec.sources) } : {}),
            destination: { ...baseSpec.destination, namespace: spec.namespace },
            // The preview's namespace does not exist yet.
            syncPolicy: {
                ...baseSpec.syncPolicy,
                syncOptions: syncOptions.includes('CreateNamespace=true') ? syncOptions : [...syncOptions, 'CreateNamespace=true'],
            },
        },
    };
}
/** Refusals retrying cannot fix fail the preview with Argo CD's reason; outages are retried. */
function refusal(err, action) {
    if (!(err instanceof argocd_client_1.ArgoCdError) || err.transient)
        return err;
    const message = `Argo CD refused to ${action}: ${err.message}`;
    return new deploy_target_1.DeployError(message, { message: err.serverMessage, output: '' }, 'failed');
}
//# sourceMappingURL=preview-apps.js.map