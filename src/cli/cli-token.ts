import type { Fetch } from '../auth/oidc-discovery';
import { readCredentials, saveLogin, type StoredLogin } from './credentials';
import { refreshLogin } from './device-login';

/** JWT access tokens go to the API as they are; an opaque one (GitLab's) is useless to us, so send the ID token. */
function bearerOf(login: StoredLogin): string {
  return login.accessToken.split('.').length === 3 || !login.idToken ? login.accessToken : login.idToken;
}

export interface CliTokenOptions {
  apiUrl: string;
  credentialsFile: string;
  /** GANTRY_TOKEN: a personal or service token for scripts; wins over a stored login. */
  envToken?: string;
  fetch?: Fetch;
  now?: () => Date;
}

/**
 * The bearer token the CLI sends: GANTRY_TOKEN, else the stored `gantry login`, refreshed (and saved) when it
 * expires within a minute. Undefined when there is neither: the embedded mode needs none.
 */
export function createCliTokenSource(o: CliTokenOptions) {
  const now = o.now ?? (() => new Date());
  return async (): Promise<string | undefined> => {
    if (o.envToken) return o.envToken;
    const login = (await readCredentials(o.credentialsFile))[o.apiUrl];
    if (!login) return undefined;
    if (Date.parse(login.expiresAt) - now().getTime() > 60_000) return bearerOf(login);
    const fresh = await refreshLogin(login, o.fetch, now());
    if (!fresh) throw new Error(`your login to ${o.apiUrl} expired and could not be refreshed: run "gantry login"`);
    await saveLogin(o.credentialsFile, o.apiUrl, fresh);
    return bearerOf(fresh);
  };
}
