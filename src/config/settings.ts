import { resolve } from 'node:path';
import { z } from 'zod';
import { integrationSettingsSchema, toIntegrationSettings, type IntegrationSettings } from './integration-settings';
import { authSettingsSchema, toAuthSettings, type AuthSettings } from './auth-settings';
import { parseDuration } from './duration';
import { ConfigError, problemsOf } from './load-catalog';

/**
 * Process settings (where things are), as opposed to the catalog (what to release). One schema, read from the
 * environment in main() only; every variable has an embedded default so `npm start` needs none.
 */
export const settingsSchema = z.object({
  GANTRY_DATA_DIR: z.string().default('.gantry'),
  GANTRY_CATALOG: z.string().default('examples/gantry.yaml'),
  GANTRY_TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  GANTRY_TEMPORAL_NAMESPACE: z.string().default('default'),
  GANTRY_TASK_QUEUE: z.string().default('gantry'),
  /** Temporal mTLS: client certificate, key and CA as PEM files (all three, or none). */
  GANTRY_TEMPORAL_TLS_CERT: z.string().optional(),
  GANTRY_TEMPORAL_TLS_KEY: z.string().optional(),
  GANTRY_TEMPORAL_TLS_CA: z.string().optional(),
  GANTRY_TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  GANTRY_TEMPORAL_UI_URL: z.string().url().default('http://127.0.0.1:8233'),
  GANTRY_HTTP_HOST: z.string().default('127.0.0.1'),
  GANTRY_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8088),
  GANTRY_API_URL: z.string().url().default('http://127.0.0.1:8088'),
  /** Shared secret GitLab sends in X-Gitlab-Token; empty means pushes are not authenticated (embedded demo only). */
  GANTRY_GITLAB_TOKEN: z.string().default(''),
  /** Base URL that relative `repo:` entries of the catalog are resolved against. */
  GANTRY_REPO_BASE: z.string().optional(),
  /** GitOps repo remote; the embedded default is a bare repo under the data dir. */
  GANTRY_GITOPS_REMOTE: z.string().optional(),
  GANTRY_LOCAL_BASE_PORT: z.coerce.number().int().min(1024).max(60000).default(19000),
  GANTRY_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(100),
  GANTRY_USER: z.string().optional(),
  /** Operations port of the server and worker processes (/metrics, /healthz, /readyz); 0 turns it off. */
  GANTRY_METRICS_HOST: z.string().default('127.0.0.1'),
  GANTRY_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** The Temporal SDK's own Prometheus exporter (worker processes); 0 turns it off. */
  GANTRY_SDK_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
  /** How often workers read their task queue's backlog for gantry_task_queue_backlog. */
  GANTRY_BACKLOG_INTERVAL: z.string().default('15s'),
  /** Workflow code bundled ahead of time (the Docker image sets it); unset, the worker bundles at start. */
  GANTRY_WORKFLOW_BUNDLE: z.string().optional(),
  USER: z.string().optional(),
  /** Build steps go to this task queue when set (separate build workers); otherwise to the main one. */
  GANTRY_BUILD_TASK_QUEUE: z.string().optional(),
  /** Embedded only: run against simulated Argo CD, SonarQube and Feishu (src/embedded/simulated-cluster.ts). */
  GANTRY_SIMULATE: z.stringbool().default(false),
  /**
   * Prometheus that gray steps' metric checks query (/api/v1/query). Unset: the embedded mode starts its own on
   * GANTRY_PROMETHEUS_PORT; a worker without one finds every check inconclusive (never passed).
   */
  GANTRY_PROMETHEUS_URL: z.string().url().optional(),
  GANTRY_PROMETHEUS_PORT: z.coerce.number().int().min(1).max(65535).default(9490),
  /** The image scan gate's trivy binary; default: .tools/bin/trivy (scripts/build-trivy.sh), then trivy on PATH. */
  GANTRY_TRIVY: z.string().optional(),
  /** trivy's cache: its vulnerability database is read from <dir>/db and never downloaded by the gate. */
  GANTRY_TRIVY_CACHE_DIR: z.string().optional(),
});

export interface Settings {
  dataDir: string;
  catalogPath: string;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    uiUrl: string;
    tls?: { certFile: string; keyFile: string; caFile: string; serverName?: string };
  };
  http: { host: string; port: number; publicUrl: string };
  gitlabToken: string;
  repoBase: string;
  gitOpsRemote: string;
  localBasePort: number;
  maxConcurrentActivities: number;
  metrics: { host: string; port: number; sdkPort: number; backlogIntervalMs: number };
  workflowBundlePath: string | undefined;
  /** Who the CLI acts as. */
  user: string | undefined;
  buildTaskQueue: string | undefined;
  /** GANTRY_SIMULATE: the embedded all-in-one starts the simulated cluster. */
  simulate: boolean;
  /** url: an external Prometheus; embeddedPort: where the embedded mode starts its own when url is unset. */
  prometheus: { url: string | undefined; embeddedPort: number };
  /** The image scan gate (catalog `imageScan`): trivy and its cache (database) directory. */
  imageScan: { trivy: string | undefined; cacheDir: string };
  integrations: IntegrationSettings;
  /** Who is calling the API: embedded loopback trust, or OIDC + hashed tokens (src/auth). */
  auth: AuthSettings;
}

export function loadSettings(env: Record<string, string | undefined>): Settings {
  const parsed = settingsSchema.safeParse(env);
  const integrations = integrationSettingsSchema.safeParse(env);
  const auth = authSettingsSchema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : problemsOf(parsed.error)),
    ...(integrations.success ? [] : problemsOf(integrations.error)),
    ...(auth.success ? [] : problemsOf(auth.error)),
  ];
  const tlsFiles = ['GANTRY_TEMPORAL_TLS_CERT', 'GANTRY_TEMPORAL_TLS_KEY', 'GANTRY_TEMPORAL_TLS_CA'] as const;
  const tlsSet = tlsFiles.filter((k) => env[k]);
  if (tlsSet.length > 0 && tlsSet.length < tlsFiles.length) {
    for (const k of tlsFiles.filter((key) => !env[key])) {
      problems.push({ path: k, message: `Temporal mTLS needs all of ${tlsFiles.join(', ')}: set ${k}` });
    }
  }
  if (!parsed.success || !integrations.success || !auth.success || problems.length > 0)
    throw new ConfigError('environment', problems);
  const s = parsed.data;
  const dataDir = resolve(s.GANTRY_DATA_DIR);
  return {
    dataDir,
    catalogPath: resolve(s.GANTRY_CATALOG),
    temporal: {
      address: s.GANTRY_TEMPORAL_ADDRESS,
      namespace: s.GANTRY_TEMPORAL_NAMESPACE,
      taskQueue: s.GANTRY_TASK_QUEUE,
      uiUrl: s.GANTRY_TEMPORAL_UI_URL,
      tls:
        s.GANTRY_TEMPORAL_TLS_CERT && s.GANTRY_TEMPORAL_TLS_KEY && s.GANTRY_TEMPORAL_TLS_CA
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
    repoBase: s.GANTRY_REPO_BASE ?? `file://${resolve(dataDir, 'repos')}`,
    gitOpsRemote: s.GANTRY_GITOPS_REMOTE ?? `file://${resolve(dataDir, 'repos', 'gitops.git')}`,
    localBasePort: s.GANTRY_LOCAL_BASE_PORT,
    maxConcurrentActivities: s.GANTRY_MAX_CONCURRENT_ACTIVITIES,
    metrics: {
      host: s.GANTRY_METRICS_HOST,
      port: s.GANTRY_METRICS_PORT,
      sdkPort: s.GANTRY_SDK_METRICS_PORT,
      backlogIntervalMs: parseDuration(s.GANTRY_BACKLOG_INTERVAL) ?? 15_000,
    },
    workflowBundlePath: s.GANTRY_WORKFLOW_BUNDLE ? resolve(s.GANTRY_WORKFLOW_BUNDLE) : undefined,
    user: s.GANTRY_USER ?? s.USER,
    buildTaskQueue: s.GANTRY_BUILD_TASK_QUEUE,
    simulate: s.GANTRY_SIMULATE,
    prometheus: { url: s.GANTRY_PROMETHEUS_URL, embeddedPort: s.GANTRY_PROMETHEUS_PORT },
    imageScan: {
      trivy: s.GANTRY_TRIVY,
      cacheDir: resolve(s.GANTRY_TRIVY_CACHE_DIR ?? resolve(dataDir, 'trivy-cache')),
    },
    integrations: toIntegrationSettings(integrations.data),
    auth: toAuthSettings(auth.data, dataDir),
  };
}

/** A catalog `repo:` may be a full URL or a path relative to the repo base. */
export function resolveRepoUrl(repo: string, repoBase: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || repo.startsWith('/') || repo.includes('@')
    ? repo
    : `${repoBase.replace(/\/$/, '')}/${repo}`;
}
