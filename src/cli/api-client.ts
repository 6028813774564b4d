import { request } from 'undici';

/** The CLI's only way in: the Gantry API (which holds the Temporal client and the catalog). */
export function createApiClient(baseUrl: string) {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let res;
    try {
      res = await request(new URL(path, baseUrl), {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
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
      throw new Error(message);
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
