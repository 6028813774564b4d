"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.tokenCommands = void 0;
const node_path_1 = require("node:path");
const duration_1 = require("../config/duration");
const token_issuer_1 = require("../auth/token-issuer");
const token_file_1 = require("../auth/token-file");
const USAGE = 'token create --person ID | --service NAME [--roles a,b] [--expires 90d] [--description TEXT] [--store FILE]\n' +
    '  gantry token list [--store FILE]\n  gantry token revoke <id> [--store FILE]';
/**
 * Works on the token store file directly (GANTRY_AUTH_TOKEN_STORE or --store), not through the API: run it where
 * the store lives, or on a copy that then goes into the Kubernetes Secret.
 */
exports.tokenCommands = {
    token: {
        usage: USAGE,
        async run(ctx, args) {
            const [action, id] = args.positionals;
            const store = (0, node_path_1.resolve)(args.values.store ?? ctx.settings.auth.tokenStorePath);
            if (action === 'create') {
                const { person, service, roles, expires, description } = args.values;
                if (person !== undefined && !Object.hasOwn((await ctx.catalog()).people, person)) {
                    throw new Error(`"${person}" is not a person in the catalog`);
                }
                const expiresInMs = expires === undefined ? undefined : (0, duration_1.parseDuration)(expires);
                if (expires !== undefined && expiresInMs === undefined)
                    throw new Error(`--expires "${expires}": write e.g. 90d or 12h`);
                const { token, entry } = await (0, token_issuer_1.issueToken)(store, {
                    person,
                    service,
                    roles: roles
                        ?.split(',')
                        .map((r) => r.trim())
                        .filter(Boolean),
                    description,
                    expiresInMs,
                });
                ctx.out.write(`token ${entry.id} for ${person ?? `service ${service}`} added to ${store}`);
                ctx.out.write(`${entry.expiresAt ? `, expires ${entry.expiresAt}` : ''}\nshown once, keep it secret:\n${token}\n`);
            }
            else if (action === 'list') {
                for (const t of (await (0, token_file_1.readTokenFile)(store)).tokens) {
                    const state = t.revokedAt ? `revoked ${t.revokedAt}` : t.expiresAt ? `expires ${t.expiresAt}` : 'no expiry';
                    ctx.out.write(`${t.id}  ${t.person ?? `service:${t.service}`}  ${state}  ${t.description}\n`);
                }
            }
            else if (action === 'revoke' && id) {
                const entry = await (0, token_issuer_1.revokeToken)(store, id);
                ctx.out.write(`token ${entry.id} revoked at ${entry.revokedAt}\n`);
            }
            else
                throw new Error(`usage: gantry ${USAGE}`);
        },
    },
};
//# sourceMappingURL=token-commands.js.map