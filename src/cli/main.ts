#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { loadCatalog } from '../config/load-catalog';
import { loadSettings } from '../config/settings';
import { createApiClient } from './api-client';
import { authCommands, type AuthCommandContext } from './auth-commands';
import { createCliTokenSource } from './cli-token';
import { commands as releaseCommands } from './commands';
import { credentialsPath } from './credentials';
import { tokenCommands, type TokenArgs } from './token-commands';

// Every command gets the wider context of the auth commands (settings, env, catalog).
const commands: Record<string, { usage: string; run: (ctx: AuthCommandContext, args: TokenArgs) => Promise<void> }> = {
  ...releaseCommands,
  ...authCommands,
  ...tokenCommands,
};

function usage(): string {
  return ['usage:', ...Object.values(commands).map((c) => `  gantry ${c.usage}`)].join('\n');
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
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
  const settings = loadSettings(process.env);
  const apiUrl = settings.http.publicUrl;
  const token = createCliTokenSource({
    apiUrl,
    credentialsFile: credentialsPath(process.env),
    envToken: settings.auth.cli.token,
  });
  const api = createApiClient(apiUrl, { token, user: values.as ?? settings.user });
  const ctx: AuthCommandContext = {
    api,
    user: settings.user,
    out: process.stdout,
    settings,
    env: process.env,
    catalog: () => loadCatalog(settings.catalogPath),
  };
  await command.run(ctx, { positionals: rest, values });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`gantry: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
