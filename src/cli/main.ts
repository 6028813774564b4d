#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { loadSettings } from '../config/settings';
import { createApiClient } from './api-client';
import { commands } from './commands';

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
  await command.run(
    { api: createApiClient(settings.http.publicUrl), user: settings.user, out: process.stdout },
    { positionals: rest, values },
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`gantry: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
