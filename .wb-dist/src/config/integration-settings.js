"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.integrationSettingsSchema = void 0;
exports.toIntegrationSettings = toIntegrationSettings;
const zod_1 = require("zod");
const duration_1 = require("./duration");
/**
 * Which implementation sits behind each port, and its secrets, from the environment. The embedded defaults need
 * nothing; choosing a real system makes its URL and credentials required, and a missing one names the variable.
 */
exports.integrationSettingsSchema = zod_1.z
    .object({
    GANTRY_DEPLOY_TARGET: zod_1.z.enum(['local', 'argocd']).default('local'),
    GANTRY_ARGOCD_URL: zod_1.z.string().url().optional(),
    GANTRY_ARGOCD_TOKEN: zod_1.z.string().optional(),
    /** PEM file of a private CA that signed Argo CD's certificate. */
    GANTRY_ARGOCD_CA_FILE: zod_1.z.string().optional(),
    GANTRY_ARGOCD_INSECURE: zod_1.z.stringbool().default(false),
    /** Time between two reads of an Argo CD app while waiting. */
    GANTRY_ARGOCD_POLL: duration_1.durationSchema.default(2000),
    GANTRY_QUALITY_GATE: zod_1.z.enum(['local', 'sonarqube']).default('local'),
    GANTRY_SONAR_URL: zod_1.z.string().url().optional(),
    GANTRY_SONAR_TOKEN: zod_1.z.string().optional(),
    GANTRY_SONAR_SCANNER: zod_1.z.string().optional(),
    GANTRY_SONAR_NONE_AS: zod_1.z.enum(['pass', 'fail']).default('pass'),
    /** First wait between polls of a SonarQube analysis task (it doubles). */
    GANTRY_SONAR_POLL: duration_1.durationSchema.default(1000),
    GANTRY_NOTIFIER: zod_1.z.enum(['log', 'feishu']).default('log'),
    GANTRY_FEISHU_BASE_URL: zod_1.z.string().url().default('https://open.feishu.cn'),
    GANTRY_FEISHU_APP_ID: zod_1.z.string().optional(),
    GANTRY_FEISHU_APP_SECRET: zod_1.z.string().optional(),
    GANTRY_FEISHU_CHAT_ID: zod_1.z.string().optional(),
    GANTRY_FEISHU_VERIFICATION_TOKEN: zod_1.z.string().optional(),
    GANTRY_FEISHU_ENCRYPT_KEY: zod_1.z.string().optional(),
    GANTRY_FEISHU_BOT_WEBHOOK: zod_1.z.string().url().optional(),
    GANTRY_FEISHU_BOT_SECRET: zod_1.z.string().optional(),
    GANTRY_EXECUTOR: zod_1.z.enum(['local', 'kubernetes']).default('local'),
    GANTRY_KUBE_NAMESPACE: zod_1.z.string().default('gantry-builds'),
    /** ReadWriteMany claim holding the workspaces, mounted on the build workers at their workspaces dir too. */
    GANTRY_KUBE_WORKSPACE_CLAIM: zod_1.z.string().optional(),
    GANTRY_IMAGE_BUILDER: zod_1.z.enum(['local', 'buildah']).default('local'),
    /**
     * Registry buildah pushes to (host:port[/path]); the catalog's `registry` must name the same. Releases also
     * resolve tags to digests there (environments that require digests), with these credentials; without
     * GANTRY_REGISTRY_TLS_VERIFY it is reached over plain HTTP.
     */
    GANTRY_REGISTRY_URL: zod_1.z.string().optional(),
    GANTRY_REGISTRY_USERNAME: zod_1.z.string().optional(),
    GANTRY_REGISTRY_PASSWORD: zod_1.z.string().optional(),
    GANTRY_REGISTRY_TLS_VERIFY: zod_1.z.stringbool().default(true),
    /** Secret of the GitHub webhook (X-Hub-Signature-256); empty disables the GitHub endpoint. */
    GANTRY_GITHUB_SECRET: zod_1.z.string().default(''),
})
    .superRefine((env, ctx) => {
    const need = (when, keys, why) => {
        if (!when)
            return;
        for (const key of keys) {
            if (!env[key])
                ctx.addIssue({ code: 'custom', path: [key], message: `required when ${why}: set ${key}` });
        }
    };
    need(env.GANTRY_DEPLOY_TARGET === 'argocd', ['GANTRY_ARGOCD_URL', 'GANTRY_ARGOCD_TOKEN'], 'GANTRY_DEPLOY_TARGET=argocd');
    need(env.GANTRY_QUALITY_GATE === 'sonarqube', ['GANTRY_SONAR_URL', 'GANTRY_SONAR_TOKEN'], 'GANTRY_QUALITY_GATE=sonarqube');
    need(env.GANTRY_NOTIFIER === 'feishu', ['GANTRY_FEISHU_APP_ID', 'GANTRY_FEISHU_APP_SECRET', 'GANTRY_FEISHU_CHAT_ID', 'GANTRY_FEISHU_VERIFICATION_TOKEN'], 'GANTRY_NOTIFIER=feishu');
});
/** Shapes the validated variables; the `!` are safe because superRefine required them for the chosen kind. */
function toIntegrationSettings(e) {
    return {
        deployTarget: e.GANTRY_DEPLOY_TARGET === 'argocd'
            ? {
                kind: 'argocd',
                url: e.GANTRY_ARGOCD_URL,
                token: e.GANTRY_ARGOCD_TOKEN,
                caFile: e.GANTRY_ARGOCD_CA_FILE,
                insecure: e.GANTRY_ARGOCD_INSECURE,
                pollMs: e.GANTRY_ARGOCD_POLL,
            }
            : { kind: 'local' },
        qualityGate: e.GANTRY_QUALITY_GATE === 'sonarqube'
            ? {
                kind: 'sonarqube',
                url: e.GANTRY_SONAR_URL,
                token: e.GANTRY_SONAR_TOKEN,
                scanner: e.GANTRY_SONAR_SCANNER,
                noneAs: e.GANTRY_SONAR_NONE_AS,
                pollMs: e.GANTRY_SONAR_POLL,
            }
            : { kind: 'local' },
        notifier: e.GANTRY_NOTIFIER === 'feishu'
            ? {
                kind: 'feishu',
                baseUrl: e.GANTRY_FEISHU_BASE_URL,
                appId: e.GANTRY_FEISHU_APP_ID,
                appSecret: e.GANTRY_FEISHU_APP_SECRET,
                chatId: e.GANTRY_FEISHU_CHAT_ID,
                verificationToken: e.GANTRY_FEISHU_VERIFICATION_TOKEN,
                encryptKey: e.GANTRY_FEISHU_ENCRYPT_KEY,
                botWebhook: e.GANTRY_FEISHU_BOT_WEBHOOK
                    ? { url: e.GANTRY_FEISHU_BOT_WEBHOOK, secret: e.GANTRY_FEISHU_BOT_SECRET }
                    : undefined,
            }
            : { kind: 'log' },
        executor: e.GANTRY_EXECUTOR === 'kubernetes'
            ? { kind: 'kubernetes', namespace: e.GANTRY_KUBE_NAMESPACE, workspaceClaim: e.GANTRY_KUBE_WORKSPACE_CLAIM }
            : { kind: 'local' },
        imageBuilder: e.GANTRY_IMAGE_BUILDER === 'buildah'
            ? {
                kind: 'buildah',
                registry: {
                    url: e.GANTRY_REGISTRY_URL,
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
function registryHostOf(url) {
    return url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/')[0] ?? url;
}
//# sourceMappingURL=integration-settings.js.map