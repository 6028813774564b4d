import type { WhoAmI } from '../auth/auth-handlers';
import { discoverProvider } from '../auth/oidc-discovery';
import type { Catalog } from '../config/catalog-schema';
import type { Settings } from '../config/settings';
import type { CommandContext, ParsedArgs } from './commands';
import { credentialsPath, saveLogin } from './credentials';
import { deviceLogin } from './device-login';

export interface AuthCommandContext extends CommandContext {
  settings: Settings;
  env: Record<string, string | undefined>;
  /** Loaded on demand: most commands only talk to the API. */
  catalog: () => Promise<Catalog>;
}

interface AuthConfig {
  mode: string;
  issuer?: string;
  audience?: string;
  clientId: string;
  scopes: string;
}

/** Where to log in: the local OIDC settings if set, else what the server advertises at /api/auth/config. */
async function loginConfig(ctx: AuthCommandContext): Promise<AuthConfig> {
  const { auth } = ctx.settings;
  if (auth.oidc) return { mode: auth.mode, ...auth.oidc, clientId: auth.cli.clientId, scopes: auth.cli.scopes };
  return ctx.api.get<AuthConfig>('/api/auth/config');
}

export const authCommands: Record<
  string,
  { usage: string; run: (ctx: AuthCommandContext, args: ParsedArgs) => Promise<void> }
> = {
  login: {
    usage: 'login   # sign in with your company account (OIDC device flow); GANTRY_TOKEN works for scripts',
    async run(ctx) {
      const config = await loginConfig(ctx);
      if (!config.issuer) {
        ctx.out.write(`this Gantry (${ctx.settings.http.publicUrl}) runs in ${config.mode} mode: no login needed\n`);
        return;
      }
      const provider = await discoverProvider(config.issuer);
      const login = await deviceLogin({
        provider,
        clientId: config.clientId,
        scopes: config.scopes,
        audience: config.audience,
        prompt: (uri, code, complete) =>
          ctx.out.write(`open ${complete ?? uri} and enter the code ${code}\nwaiting for approval…\n`),
      });
      const file = credentialsPath(ctx.env);
      await saveLogin(file, ctx.settings.http.publicUrl, login);
      ctx.out.write(`logged in to ${ctx.settings.http.publicUrl}; token kept in ${file}\n`);
    },
  },
  logout: {
    usage: 'logout   # forget the stored login for this Gantry',
    async run(ctx) {
      await saveLogin(credentialsPath(ctx.env), ctx.settings.http.publicUrl, undefined);
      ctx.out.write(`logged out of ${ctx.settings.http.publicUrl}\n`);
    },
  },
  whoami: {
    usage: 'whoami   # who the server takes you for',
    async run(ctx) {
      const me = await ctx.api.get<WhoAmI>('/api/whoami');
      const who = me.person ? `${me.person}${me.name ? ` (${me.name})` : ''}` : `service ${me.service ?? '?'}`;
      const roles = me.roles.length > 0 ? `, roles ${me.roles.join(', ')}` : '';
      ctx.out.write(`${who} via ${me.via}${roles} [${me.subject}]\n`);
    },
  },
};
