import { resolve } from 'node:path';
import { parseDuration } from '../config/duration';
import { issueToken, revokeToken } from '../auth/token-issuer';
import { readTokenFile } from '../auth/token-file';
import type { AuthCommandContext } from './auth-commands';
import type { ParsedArgs } from './commands';

export interface TokenArgs {
  positionals: string[];
  values: ParsedArgs['values'] & {
    person?: string;
    service?: string;
    roles?: string;
    expires?: string;
    description?: string;
    store?: string;
  };
}

const USAGE =
  'token create --person ID | --service NAME [--roles a,b] [--expires 90d] [--description TEXT] [--store FILE]\n' +
  '  gantry token list [--store FILE]\n  gantry token revoke <id> [--store FILE]';

/**
 * Works on the token store file directly (GANTRY_AUTH_TOKEN_STORE or --store), not through the API: run it where
 * the store lives, or on a copy that then goes into the Kubernetes Secret.
 */
export const tokenCommands: Record<
  string,
  { usage: string; run: (ctx: AuthCommandContext, args: TokenArgs) => Promise<void> }
> = {
  token: {
    usage: USAGE,
    async run(ctx, args) {
      const [action, id] = args.positionals;
      const store = resolve(args.values.store ?? ctx.settings.auth.tokenStorePath);
      if (action === 'create') {
        const { person, service, roles, expires, description } = args.values;
        if (person !== undefined && !Object.hasOwn((await ctx.catalog()).people, person)) {
          throw new Error(`"${person}" is not a person in the catalog`);
        }
        const expiresInMs = expires === undefined ? undefined : parseDuration(expires);
        if (expires !== undefined && expiresInMs === undefined)
          throw new Error(`--expires "${expires}": write e.g. 90d or 12h`);
        const { token, entry } = await issueToken(store, {
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
        ctx.out.write(
          `${entry.expiresAt ? `, expires ${entry.expiresAt}` : ''}\nshown once, keep it secret:\n${token}\n`,
        );
      } else if (action === 'list') {
        for (const t of (await readTokenFile(store)).tokens) {
          const state = t.revokedAt ? `revoked ${t.revokedAt}` : t.expiresAt ? `expires ${t.expiresAt}` : 'no expiry';
          ctx.out.write(`${t.id}  ${t.person ?? `service:${t.service}`}  ${state}  ${t.description}\n`);
        }
      } else if (action === 'revoke' && id) {
        const entry = await revokeToken(store, id);
        ctx.out.write(`token ${entry.id} revoked at ${entry.revokedAt}\n`);
      } else throw new Error(`usage: gantry ${USAGE}`);
    },
  },
};
