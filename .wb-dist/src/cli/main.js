#!/usr/bin/env node
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const node_util_1 = require("node:util");
const load_catalog_1 = require("../config/load-catalog");
const settings_1 = require("../config/settings");
const api_client_1 = require("./api-client");
const auth_commands_1 = require("./auth-commands");
const cli_token_1 = require("./cli-token");
const commands_1 = require("./commands");
const credentials_1 = require("./credentials");
const token_commands_1 = require("./token-commands");
// Every command gets the wider context of the auth commands (settings, env, catalog).
const commands = {
    ...commands_1.commands,
    ...auth_commands_1.authCommands,
    ...token_commands_1.tokenCommands,
};
function usage() {
    return ['usage:', ...Object.values(commands).map((c) => `  gantry ${c.usage}`)].join('\n');
}
async function main() {
    const { positionals, values } = (0, node_util_1.parseArgs)({
        allowPositionals: true,
        options: {
            image: { type: 'string' },
            reason: { type: 'string' },
            as: { type: 'string' },
            filter: { type: 'string' },
            follow: { type: 'boolean', short: 'f' },
            rollback: { type: 'boolean' },
            rerun: { type: 'boolean' },
            'override-promotion': { type: 'boolean' },
            'by-service': { type: 'boolean' },
            person: { type: 'string' },
            service: { type: 'string' },
            roles: { type: 'string' },
            expires: { type: 'string' },
            description: { type: 'string' },
            store: { type: 'string' },
            help: { type: 'boolean', short: 'h' },
        },
    });
    const [name, ...rest] = positionals;
    const command = name ? commands[name] : undefined;
    if (!command || values.help) {
        process.stdout.write(`${usage()}\n`);
        return command || values.help ? 0 : 2;
    }
    const settings = (0, settings_1.loadSettings)(process.env);
    const apiUrl = settings.http.publicUrl;
    const token = (0, cli_token_1.createCliTokenSource)({
        apiUrl,
        credentialsFile: (0, credentials_1.credentialsPath)(process.env),
        envToken: settings.auth.cli.token,
    });
    const api = (0, api_client_1.createApiClient)(apiUrl, { token, user: values.as ?? settings.user });
    const ctx = {
        api,
        user: settings.user,
        out: process.stdout,
        settings,
        env: process.env,
        catalog: () => (0, load_catalog_1.loadCatalog)(settings.catalogPath),
    };
    await command.run(ctx, { positionals: rest, values });
    return 0;
}
main().then((code) => process.exit(code), (err) => {
    process.stderr.write(`gantry: ${err.message}\n`);
    process.exit(1);
});
//# sourceMappingURL=main.js.map