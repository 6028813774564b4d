import { z } from 'zod';
import { durationSchema } from './duration';

/**
 * Which implementation sits behind each port, and its secrets, from the environment. The embedded defaults need
 * nothing; choosing a real system makes its URL and credentials required, and a missing one names the variable.
 */
export const integrationSettingsSchema = z
  .object({
    GANTRY_DEPLOY_TARGET: z.enum(['local', 'argocd']).default('local'),
    GANTRY_ARGOCD_URL: z.string().url().optional(),
    GANTRY_ARGOCD_TOKEN: z.string().optional(),
    /** PEM file of a private CA that signed Argo CD's certificate. */
    GANTRY_ARGOCD_CA_FILE: z.string().optional(),
    GANTRY_ARGOCD_INSECURE: z.stringbool().default(false),
    /** Time between two reads of an Argo CD app while waiting. */
    GANTRY_ARGOCD_POLL: durationSchema.default(2000),
    GANTRY_QUALITY_GATE: z.enum(['local', 'sonarqube']).default('local'),
    GANTRY_SONAR_URL: z.string().url().optional(),
    GANTRY_SONAR_TOKEN: z.string().optional(),
    GANTRY_SONAR_SCANNER: z.string().optional(),
    GANTRY_SONAR_NONE_AS: z.enum(['pass', 'fail']).default('pass'),
    /** First wait between polls of a SonarQube analysis task (it doubles). */
    GANTRY_SONAR_POLL: durationSchema.default(1000),
    GANTRY_NOTIFIER: z.enum(['log', 'feishu']).default('log'),
    GANTRY_FEISHU_BASE_URL: z.string().url().default('https://open.feishu.cn'),
    GANTRY_FEISHU_APP_ID: z.string().optional(),
    GANTRY_FEISHU_APP_SECRET: z.string().optional(),
    GANTRY_FEISHU_CHAT_ID: z.string().optional(),
    GANTRY_FEISHU_VERIFICATION_TOKEN: z.string().optional(),
    GANTRY_FEISHU_ENCRYPT_KEY: z.string().optional(),
    GANTRY_FEISHU_BOT_WEBHOOK: z.string().url().optional(),
    GANTRY_FEISHU_BOT_SECRET: z.string().optional(),
    GANTRY_EXECUTOR: z.enum(['local', 'kubernetes']).default('local'),
    GANTRY_KUBE_NAMESPACE: z.string().default('gantry-builds'),
    /** ReadWriteMany claim holding the workspaces, mounted on the build workers at their workspaces dir too. */
    GANTRY_KUBE_WORKSPACE_CLAIM: z.string().optional(),
    GANTRY_IMAGE_BUILDER: z.enum(['local', 'buildah']).default('local'),
    /**
     * Registry buildah pushes to (host:port[/path]); the catalog's `registry` must name the same. Releases also
     * resolve tags to digests there (environments that require digests), with these credentials; without
     * GANTRY_REGISTRY_TLS_VERIFY it is reached over plain HTTP.
     */
    GANTRY_REGISTRY_URL: z.string().optional(),
    GANTRY_REGISTRY_USERNAME: z.string().optional(),
    GANTRY_REGISTRY_PASSWORD: z.string().optional(),
    GANTRY_REGISTRY_TLS_VERIFY: z.stringbool().default(true),
    /** Secret of the GitHub webhook (X-Hub-Signature-256); empty disables the GitHub endpoint. */
    GANTRY_GITHUB_SECRET: z.string().default(''),
  })
  .superRefine((env, ctx) => {
    const need = (when: boolean, keys: (keyof typeof env)[], why: string) => {
      if (!when) return;
      for (const key of keys) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `required when ${why}: set ${key}` });
      }
    };
    need(
      env.GANTRY_DEPLOY_TARGET === 'argocd',
      ['GANTRY_ARGOCD_URL', 'GANTRY_ARGOCD_TOKEN'],
      'GANTRY_DEPLOY_TARGET=argocd',
    );
    need(
      env.GANTRY_QUALITY_GATE === 'sonarqube',
      ['GANTRY_SONAR_URL', 'GANTRY_SONAR_TOKEN'],
      'GANTRY_QUALITY_GATE=sonarqube',
    );
    need(
      env.GANTRY_NOTIFIER === 'feishu',
      ['GANTRY_FEISHU_APP_ID', 'GANTRY_FEISHU_APP_SECRET', 'GANTRY_FEISHU_CHAT_ID', 'GANTRY_FEISHU_VERIFICATION_TOKEN'],
      'GANTRY_NOTIFIER=feishu',
    );
  });

export type IntegrationEnv = z.output<typeof integrationSettingsSchema>;

export interface IntegrationSettings {
  deployTarget:
    | { kind: 'local' }
    | { kind: 'argocd'; url: string; token: string; caFile?: string; insecure: boolean; pollMs: number };
  qualityGate:
    | { kind: 'local' }
    | { kind: 'sonarqube'; url: string; token: string; scanner?: string; noneAs: 'pass' | 'fail'; pollMs: number };
  notifier:
    | { kind: 'log' }
    | {
        kind: 'feishu';
        baseUrl: string;
        appId: string;
        appSecret: string;
        chatId: string;
        verificationToken: string;
        encryptKey?: string;
        botWebhook?: { url: string; secret?: string };
      };
  executor: { kind: 'local' } | { kind: 'kubernetes'; namespace: string; workspaceClaim: string };
  imageBuilder:
    | { kind: 'local' }
    | { kind: 'buildah'; registry: { url: string; username?: string; password?: string; tlsVerify: boolean } };
  githubSecret: string;
  /** The registry named by GANTRY_REGISTRY_URL (its host[:port]), for resolving tags to digests; any builder. */
  registry?: { host: string; username?: string; password?: string; tlsVerify: boolean };
}

/** Shapes the validated variables; the `!` are safe because superRefine required them for the chosen kind. */
export function toIntegrationSettings(e: IntegrationEnv): IntegrationSettings {
  return {
    deployTarget:
      e.GANTRY_DEPLOY_TARGET === 'argocd'
        ? {
            kind: 'argocd',
            url: e.GANTRY_ARGOCD_URL!,
            token: e.GANTRY_ARGOCD_TOKEN!,
            caFile: e.GANTRY_ARGOCD_CA_FILE,
            insecure: e.GANTRY_ARGOCD_INSECURE,
            pollMs: e.GANTRY_ARGOCD_POLL,
          }
        : { kind: 'local' },
    qualityGate:
      e.GANTRY_QUALITY_GATE === 'sonarqube'
        ? {
            kind: 'sonarqube',
            url: e.GANTRY_SONAR_URL!,
            token: e.GANTRY_SONAR_TOKEN!,
            scanner: e.GANTRY_SONAR_SCANNER,
            noneAs: e.GANTRY_SONAR_NONE_AS,
            pollMs: e.GANTRY_SONAR_POLL,
          }
        : { kind: 'local' },
    notifier:
      e.GANTRY_NOTIFIER === 'feishu'
        ? {
            kind: 'feishu',
            baseUrl: e.GANTRY_FEISHU_BASE_URL,
            appId: e.GANTRY_FEISHU_APP_ID!,
            appSecret: e.GANTRY_FEISHU_APP_SECRET!,
            chatId: e.GANTRY_FEISHU_CHAT_ID!,
            verificationToken: e.GANTRY_FEISHU_VERIFICATION_TOKEN!,
            encryptKey: e.GANTRY_FEISHU_ENCRYPT_KEY,
            botWebhook: e.GANTRY_FEISHU_BOT_WEBHOOK
              ? { url: e.GANTRY_FEISHU_BOT_WEBHOOK, secret: e.GANTRY_FEISHU_BOT_SECRET }
              : undefined,
          }
        : { kind: 'log' },
    executor:
      e.GANTRY_EXECUTOR === 'kubernetes'
        ? { kind: 'kubernetes', namespace: e.GANTRY_KUBE_NAMESPACE, workspaceClaim: e.GANTRY_KUBE_WORKSPACE_CLAIM! }
        : { kind: 'local' },
    imageBuilder:
      e.GANTRY_IMAGE_BUILDER === 'buildah'
        ? {
            kind: 'buildah',
            registry: {
              url: e.GANTRY_REGISTRY_URL!,
              username: e.GANTRY_REGISTRY_USERNAME,
              password: e.GANTRY_REGISTRY_PASSWORD,
              tlsVerify: e.GANTRY_REGISTRY_TLS_VERIFY,
            },
          }
        : { kind: 'local' },
    githubSecret: e.GANTRY_GITHUB_SECRET,
    ...(e.GANTRY_REGISTRY_URL
      ? {
          registry: {
            host: registryHostOf(e.GANTRY_REGISTRY_URL),
            username: e.GANTRY_REGISTRY_USERNAME,
            password: e.GANTRY_REGISTRY_PASSWORD,
            tlsVerify: e.GANTRY_REGISTRY_TLS_VERIFY,
          },
        }
      : {}),
  };
}

/** "https://host:5000/team" → "host:5000": image references name a registry by host[:port] only. */
function registryHostOf(url: string): string {
  return url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/')[0] ?? url;
}
