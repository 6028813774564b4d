import { request } from 'undici';
import { NAMED_USER_HEADER } from '../auth/loopback';

export interface ApiCredentials {
  /** The bearer token to send (GANTRY_TOKEN or the stored `gantry login`), if any. */
  token?: () => Promise<string | undefined>;
  /** Who `--as`/GANTRY_USER names: honoured only by the embedded all-in-one on loopback. */
  user?: string;
}

/** The CLI's only way in: the Gantry API (which holds the Temporal client and the catalog). */
export function createApiClient(baseUrl: string, credentials: ApiCredentials = {}) {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const token = await credentials.token?.();
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (credentials.user) headers[NAMED_USER_HEADER] = credentials.user;
    let res;
    try {
      res = await request(new URL(path, baseUrl), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
    } catch (err) {
      throw new Error(`cannot reach the Gantry API at ${baseUrl} (${(err as Error).message}); is "npm start" running?`);
    }
    const text = await res.body.text();
    if (res.statusCode >= 400) {
      let message = text;
      try {
        message = (JSON.parse(text) as { error?: string }).error ?? text;
      } catch {
        // Not JSON: show the text as it is.
      }
      throw new Error(
        res.statusCode === 401 ? `not signed in: ${message} (run "gantry login" or set GANTRY_TOKEN)` : message,
      );
    }
    const type = String(res.headers['content-type'] ?? '');
    return (type.startsWith('application/json') ? JSON.parse(text) : text) as T;
  }
  return {
    get: <T>(path: string) => call<T>('GET', path),
    post: <T>(path: string, body: unknown) => call<T>('POST', path, body),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
