"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.authCommands = void 0;
const oidc_discovery_1 = require("../auth/oidc-discovery");
const credentials_1 = require("./credentials");
const device_login_1 = require("./device-login");
/** Where to log in: the local OIDC settings if set, else what the server advertises at /api/auth/config. */
async function loginConfig(ctx) {
    const { auth } = ctx.settings;
    if (auth.oidc)
        return { mode: auth.mode, ...auth.oidc, clientId: auth.cli.clientId, scopes: auth.cli.scopes };
    return ctx.api.get('/api/auth/config');
}
exports.authCommands = {
    login: {
        usage: 'login   # sign in with your company account (OIDC device flow); GANTRY_TOKEN works for scripts',
        async run(ctx) {
            const config = await loginConfig(ctx);
            if (!config.issuer) {
                ctx.out.write(`this Gantry (${ctx.settings.http.publicUrl}) runs in ${config.mode} mode: no login needed\n`);
                return;
            }
            const provider = await (0, oidc_discovery_1.discoverProvider)(config.issuer);
            const login = await (0, device_login_1.deviceLogin)({
                provider,
                clientId: config.clientId,
                scopes: config.scopes,
                audience: config.audience,
                prompt: (uri, code, complete) => ctx.out.write(`open ${complete ?? uri} and enter the code ${code}\nwaiting for approval…\n`),
            });
            const file = (0, credentials_1.credentialsPath)(ctx.env);
            await (0, credentials_1.saveLogin)(file, ctx.settings.http.publicUrl, login);
            ctx.out.write(`logged in to ${ctx.settings.http.publicUrl}; token kept in ${file}\n`);
        },
    },
    logout: {
        usage: 'logout   # forget the stored login for this Gantry',
        async run(ctx) {
            await (0, credentials_1.saveLogin)((0, credentials_1.credentialsPath)(ctx.env), ctx.settings.http.publicUrl, undefined);
            ctx.out.write(`logged out of ${ctx.settings.http.publicUrl}\n`);
        },
    },
    whoami: {
        usage: 'whoami   # who the server takes you for',
        async run(ctx) {
            const me = await ctx.api.get('/api/whoami');
            const who = me.person ? `${me.person}${me.name ? ` (${me.name})` : ''}` : `service ${me.service ?? '?'}`;
            const roles = me.roles.length > 0 ? `, roles ${me.roles.join(', ')}` : '';
            ctx.out.write(`${who} via ${me.via}${roles} [${me.subject}]\n`);
        },
    },
};
//# sourceMappingURL=auth-commands.js.map