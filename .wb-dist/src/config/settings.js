"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.settingsSchema = void 0;
exports.loadSettings = loadSettings;
exports.resolveRepoUrl = resolveRepoUrl;
const node_path_1 = require("node:path");
const zod_1 = require("zod");
const integration_settings_1 = require("./integration-settings");
const auth_settings_1 = require("./auth-settings");
const duration_1 = require("./duration");
const load_catalog_1 = require("./load-catalog");
/**
 * Process settings (where things are), as opposed to the catalog (what to release). One schema, read from the
 * environment in main() only; every variable has an embedded default so `npm start` needs none.
 */
exports.settingsSchema = zod_1.z.object({
    GANTRY_DATA_DIR: zod_1.z.string().default('.gantry'),
    GANTRY_CATALOG: zod_1.z.string().default('examples/gantry.yaml'),
    GANTRY_TEMPORAL_ADDRESS: zod_1.z.string().default('127.0.0.1:7233'),
    GANTRY_TEMPORAL_NAMESPACE: zod_1.z.string().default('default'),
    GANTRY_TASK_QUEUE: zod_1.z.string().default('gantry'),
    /** Temporal mTLS: client certificate, key and CA as PEM files (all three, or none). */
    GANTRY_TEMPORAL_TLS_CERT: zod_1.z.string().optional(),
    GANTRY_TEMPORAL_TLS_KEY: zod_1.z.string().optional(),
    GANTRY_TEMPORAL_TLS_CA: zod_1.z.string().optional(),
    GANTRY_TEMPORAL_TLS_SERVER_NAME: zod_1.z.string().optional(),
    GANTRY_TEMPORAL_UI_URL: zod_1.z.string().url().default('http://127.0.0.1:8233'),
    GANTRY_HTTP_HOST: zod_1.z.string().default('127.0.0.1'),
    GANTRY_HTTP_PORT: zod_1.z.coerce.number().int().min(0).max(65535).default(8088),
    GANTRY_API_URL: zod_1.z.string().url().default('http://127.0.0.1:8088'),
    /** Shared secret GitLab sends in X-Gitlab-Token; empty means pushes are not authenticated (embedded demo only). */
    GANTRY_GITLAB_TOKEN: zod_1.z.string().default(''),
    /** Base URL that relative `repo:` entries of the catalog are resolved against. */
    GANTRY_REPO_BASE: zod_1.z.string().optional(),
    /** GitOps repo remote; the embedded default is a bare repo under the data dir. */
    GANTRY_GITOPS_REMOTE: zod_1.z.string().optional(),
    GANTRY_LOCAL_BASE_PORT: zod_1.z.coerce.number().int().min(1024).max(60000).default(19000),
    GANTRY_MAX_CONCURRENT_ACTIVITIES: zod_1.z.coerce.number().int().min(1).default(100),
    GANTRY_USER: zod_1.z.string().optional(),
    /** Operations port of the server and worker processes (/metrics, /healthz, /readyz); 0 turns it off. */
    GANTRY_METRICS_HOST: zod_1.z.string().default('127.0.0.1'),
    GANTRY_METRICS_PORT: zod_1.z.coerce.number().int().min(0).max(65535).default(9464),
    /** The Temporal SDK's own Prometheus exporter (worker processes); 0 turns it off. */
    GANTRY_SDK_METRICS_PORT: zod_1.z.coerce.number().int().min(0).max(65535).default(9465),
    /** How often workers read their task queue's backlog for gantry_task_queue_backlog. */
    GANTRY_BACKLOG_INTERVAL: zod_1.z.string().default('15s'),
    /** Workflow code bundled ahead of time (the Docker image sets it); unset, the worker bundles at start. */
    GANTRY_WORKFLOW_BUNDLE: zod_1.z.string().optional(),
    USER: zod_1.z.string().optional(),
    /** Build steps go to this task queue when set (separate build workers); otherwise to the main one. */
    GANTRY_BUILD_TASK_QUEUE: zod_1.z.string().optional(),
    /** Embedded only: run against simulated Argo CD, SonarQube and Feishu (src/embedded/simulated-cluster.ts). */
    GANTRY_SIMULATE: zod_1.z.stringbool().default(false),
    /**
     * Prometheus that gray steps' metric checks query (/api/v1/query). Unset: the embedded mode starts its own on
     * GANTRY_PROMETHEUS_PORT; a worker without one finds every check inconclusive (never passed).
     */
    GANTRY_PROMETHEUS_URL: zod_1.z.string().url().optional(),
    GANTRY_PROMETHEUS_PORT: zod_1.z.coerce.number().int().min(1).max(65535).default(9490),
    /** The image scan gate's trivy binary; default: .tools/bin/trivy (scripts/build-trivy.sh), then trivy on PATH. */
    GANTRY_TRIVY: zod_1.z.string().optional(),
    /** trivy's cache: its vulnerability database is read from <dir>/db and never downloaded by the gate. */
    GANTRY_TRIVY_CACHE_DIR: zod_1.z.string().optional(),
});
function loadSettings(env) {
    const parsed = exports.settingsSchema.safeParse(env);
    const integrations = integration_settings_1.integrationSettingsSchema.safeParse(env);
    const auth = auth_settings_1.authSettingsSchema.safeParse(env);
    const problems = [
        ...(parsed.success ? [] : (0, load_catalog_1.problemsOf)(parsed.error)),
        ...(integrations.success ? [] : (0, load_catalog_1.problemsOf)(integrations.error)),
        ...(auth.success ? [] : (0, load_catalog_1.problemsOf)(auth.error)),
    ];
    const tlsFiles = ['GANTRY_TEMPORAL_TLS_CERT', 'GANTRY_TEMPORAL_TLS_KEY', 'GANTRY_TEMPORAL_TLS_CA'];
    const tlsSet = tlsFiles.filter((k) => env[k]);
    if (tlsSet.length > 0 && tlsSet.length < tlsFiles.length) {
        for (const k of tlsFiles.filter((key) => !env[key])) {
            problems.push({ path: k, message: `Temporal mTLS needs all of ${tlsFiles.join(', ')}: set ${k}` });
        }
    }
    if (!parsed.success || !integrations.success || !auth.success || problems.length > 0)
        throw new load_catalog_1.ConfigError('environment', problems);
    const s = parsed.data;
    const dataDir = (0, node_path_1.resolve)(s.GANTRY_DATA_DIR);
    return {
        dataDir,
        catalogPath: (0, node_path_1.resolve)(s.GANTRY_CATALOG),
        temporal: {
            address: s.GANTRY_TEMPORAL_ADDRESS,
            namespace: s.GANTRY_TEMPORAL_NAMESPACE,
            taskQueue: s.GANTRY_TASK_QUEUE,
            uiUrl: s.GANTRY_TEMPORAL_UI_URL,
            tls: s.GANTRY_TEMPORAL_TLS_CERT && s.GANTRY_TEMPORAL_TLS_KEY && s.GANTRY_TEMPORAL_TLS_CA
                ? {
                    certFile: s.GANTRY_TEMPORAL_TLS_CERT,
                    keyFile: s.GANTRY_TEMPORAL_TLS_KEY,
                    caFile: s.GANTRY_TEMPORAL_TLS_CA,
                    serverName: s.GANTRY_TEMPORAL_TLS_SERVER_NAME,
                }
                : undefined,
        },
        http: { host: s.GANTRY_HTTP_HOST, port: s.GANTRY_HTTP_PORT, publicUrl: s.GANTRY_API_URL },
        gitlabToken: s.GANTRY_GITLAB_TOKEN,
        repoBase: s.GANTRY_REPO_BASE ?? `file://${(0, node_path_1.resolve)(dataDir, 'repos')}`,
        gitOpsRemote: s.GANTRY_GITOPS_REMOTE ?? `file://${(0, node_path_1.resolve)(dataDir, 'repos', 'gitops.git')}`,
        localBasePort: s.GANTRY_LOCAL_BASE_PORT,
        maxConcurrentActivities: s.GANTRY_MAX_CONCURRENT_ACTIVITIES,
        metrics: {
            host: s.GANTRY_METRICS_HOST,
            port: s.GANTRY_METRICS_PORT,
            sdkPort: s.GANTRY_SDK_METRICS_PORT,
            backlogIntervalMs: (0, duration_1.parseDuration)(s.GANTRY_BACKLOG_INTERVAL) ?? 15_000,
        },
        workflowBundlePath: s.GANTRY_WORKFLOW_BUNDLE ? (0, node_path_1.resolve)(s.GANTRY_WORKFLOW_BUNDLE) : undefined,
        user: s.GANTRY_USER ?? s.USER,
        buildTaskQueue: s.GANTRY_BUILD_TASK_QUEUE,
        simulate: s.GANTRY_SIMULATE,
        prometheus: { url: s.GANTRY_PROMETHEUS_URL, embeddedPort: s.GANTRY_PROMETHEUS_PORT },
        imageScan: {
            trivy: s.GANTRY_TRIVY,
            cacheDir: (0, node_path_1.resolve)(s.GANTRY_TRIVY_CACHE_DIR ?? (0, node_path_1.resolve)(dataDir, 'trivy-cache')),
        },
        integrations: (0, integration_settings_1.toIntegrationSettings)(integrations.data),
        auth: (0, auth_settings_1.toAuthSettings)(auth.data, dataDir),
    };
}
/** A catalog `repo:` may be a full URL or a path relative to the repo base. */
function resolveRepoUrl(repo, repoBase) {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || repo.startsWith('/') || repo.includes('@')
        ? repo
        : `${repoBase.replace(/\/$/, '')}/${repo}`;
}
//# sourceMappingURL=settings.js.map