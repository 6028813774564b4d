"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.authSettingsSchema = void 0;
exports.toAuthSettings = toAuthSettings;
const zod_1 = require("zod");
const duration_1 = require("./duration");
/** Asymmetric JWS algorithms only: "none" and HS* (a shared secret anyone with the public key could mimic) never. */
const ALLOWED_JWT_ALGORITHMS = [
    'RS256',
    'RS384',
    'RS512',
    'PS256',
    'PS384',
    'PS512',
    'ES256',
    'ES384',
    'ES512',
    'EdDSA',
];
/** Which field of a catalog person the configured claim is compared with. */
const PERSON_FIELDS = ['email', 'id', 'gitlabUsername', 'githubLogin', 'oidcSubject'];
const algorithmList = zod_1.z
    .string()
    .transform((text) => text
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean))
    .pipe(zod_1.z
    .array(zod_1.z.enum(ALLOWED_JWT_ALGORITHMS, {
    error: (issue) => `"${String(issue.input)}" is not allowed: use asymmetric algorithms only (${ALLOWED_JWT_ALGORITHMS.join(', ')}); "none" and HS* are refused`,
}))
    .min(1, 'name at least one algorithm, e.g. RS256'));
const isLoopbackUrl = (url) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
/**
 * How the API knows who is calling (issue 8). `embedded-loopback`: the all-in-one on 127.0.0.1 trusts the named
 * person (`--as`); `oidc`: every call carries an OIDC JWT from GANTRY_AUTH_ISSUER or a Gantry token from the store.
 */
exports.authSettingsSchema = zod_1.z
    .object({
    GANTRY_AUTH_MODE: zod_1.z.enum(['embedded-loopback', 'oidc']).default('embedded-loopback'),
    GANTRY_AUTH_ISSUER: zod_1.z.string().url().optional(),
    /** What the API expects in `aud` (the provider's audience / resource for Gantry). */
    GANTRY_AUTH_AUDIENCE: zod_1.z.string().min(1).optional(),
    /** The token claim that names the person, e.g. email, preferred_username, sub, nickname (GitLab). */
    GANTRY_AUTH_CLAIM: zod_1.z.string().min(1).default('email'),
    /** The catalog person field that claim is matched with; by default email for "email", the person id otherwise. */
    GANTRY_AUTH_PERSON_FIELD: zod_1.z.enum(PERSON_FIELDS).optional(),
    GANTRY_AUTH_ALGORITHMS: algorithmList.default(['RS256', 'ES256']),
    GANTRY_AUTH_CLOCK_SKEW: duration_1.durationSchema.default(30_000),
    /** JSON file of hashed personal and service tokens; in Kubernetes mounted from a Secret. */
    GANTRY_AUTH_TOKEN_STORE: zod_1.z.string().optional(),
    /** Public client the CLI uses for the device authorization grant (`gantry login`). */
    GANTRY_AUTH_CLI_CLIENT_ID: zod_1.z.string().min(1).default('gantry-cli'),
    GANTRY_AUTH_CLI_SCOPES: zod_1.z.string().default('openid offline_access email profile'),
    /** A personal or service token for scripts (the CLI sends it as a bearer token). */
    GANTRY_TOKEN: zod_1.z.string().optional(),
})
    .superRefine((env, ctx) => {
    if (env.GANTRY_AUTH_MODE === 'oidc') {
        for (const key of ['GANTRY_AUTH_ISSUER', 'GANTRY_AUTH_AUDIENCE']) {
            if (!env[key]) {
                ctx.addIssue({
                    code: 'custom',
                    path: [key],
                    message: `required when GANTRY_AUTH_MODE=oidc: set ${key} (${key === 'GANTRY_AUTH_ISSUER' ? "the provider's issuer URL, e.g. https://gitlab.example.com" : 'the audience your provider puts in tokens for Gantry'})`,
                });
            }
        }
    }
    if (env.GANTRY_AUTH_ISSUER) {
        const url = new URL(env.GANTRY_AUTH_ISSUER);
        if (url.protocol !== 'https:' && !isLoopbackUrl(url)) {
            ctx.addIssue({
                code: 'custom',
                path: ['GANTRY_AUTH_ISSUER'],
                message: 'use an https:// issuer (plain http is accepted only on loopback, for tests)',
            });
        }
    }
    if (env.GANTRY_AUTH_CLOCK_SKEW > 300_000) {
        ctx.addIssue({
            code: 'custom',
            path: ['GANTRY_AUTH_CLOCK_SKEW'],
            message: 'at most 5m: a larger skew keeps expired tokens alive; fix the clocks (NTP) instead',
        });
    }
});
function toAuthSettings(e, dataDir) {
    return {
        mode: e.GANTRY_AUTH_MODE,
        oidc: e.GANTRY_AUTH_ISSUER && e.GANTRY_AUTH_AUDIENCE
            ? {
                issuer: e.GANTRY_AUTH_ISSUER,
                audience: e.GANTRY_AUTH_AUDIENCE,
                claim: e.GANTRY_AUTH_CLAIM,
                personField: e.GANTRY_AUTH_PERSON_FIELD ?? (e.GANTRY_AUTH_CLAIM === 'email' ? 'email' : 'id'),
                algorithms: e.GANTRY_AUTH_ALGORITHMS,
                clockSkewMs: e.GANTRY_AUTH_CLOCK_SKEW,
            }
            : undefined,
        tokenStorePath: e.GANTRY_AUTH_TOKEN_STORE ?? `${dataDir}/tokens.json`,
        cli: { clientId: e.GANTRY_AUTH_CLI_CLIENT_ID, scopes: e.GANTRY_AUTH_CLI_SCOPES, token: e.GANTRY_TOKEN },
    };
}
//# sourceMappingURL=auth-settings.js.map