import http from 'node:http';

/** One health probe on a fresh connection: the status code, or why there was none. */
export function probe(url: string, timeoutMs: number, signal: AbortSignal): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs, signal }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => resolve(`GET ${url}: ${err.code ?? err.message}`));
  });
}
