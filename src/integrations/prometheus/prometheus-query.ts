import { request } from 'undici';

/** The answer of /api/v1/query reduced to what a check needs: one number, or why there is none. */
export type InstantValue = { ok: true; value: number } | { ok: false; reason: string };

interface QueryResponse {
  status: 'success' | 'error';
  errorType?: string;
  error?: string;
  data?: { resultType: string; result: unknown };
}

/**
 * A PromQL instant query over HTTP (GET /api/v1/query). Anything that is not exactly one finite number — the
 * server down or slow, a bad query, an empty vector, several series, NaN — comes back as a reason, not a value.
 */
export async function queryInstant(
  baseUrl: string,
  query: string,
  opts: { timeoutMs: number; signal?: AbortSignal; time?: Date },
): Promise<InstantValue> {
  const url = new URL('/api/v1/query', baseUrl);
  url.searchParams.set('query', query);
  url.searchParams.set('timeout', `${Math.max(1, Math.floor(opts.timeoutMs / 1000))}s`);
  if (opts.time) url.searchParams.set('time', String(opts.time.getTime() / 1000));
  let status: number;
  let body: QueryResponse;
  try {
    const res = await request(url, {
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
      signal: opts.signal,
    });
    status = res.statusCode;
    const text = await res.body.text();
    try {
      body = JSON.parse(text) as QueryResponse;
    } catch {
      return { ok: false, reason: `Prometheus answered HTTP ${status} with no JSON: ${text.slice(0, 200)}` };
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, reason: `Prometheus at ${baseUrl} did not answer: ${code ?? (err as Error).message}` };
  }
  if (body.status !== 'success' || !body.data) {
    return { ok: false, reason: `Prometheus refused the query (HTTP ${status}, ${body.errorType}): ${body.error}` };
  }
  return single(body.data.resultType, body.data.result);
}

function single(resultType: string, result: unknown): InstantValue {
  let sample: unknown;
  if (resultType === 'scalar') {
    sample = result;
  } else if (resultType === 'vector' && Array.isArray(result)) {
    if (result.length === 0) return { ok: false, reason: 'no data: the query returned an empty vector' };
    if (result.length > 1) {
      return { ok: false, reason: `the query returned ${result.length} series; aggregate it to one (e.g. sum(...))` };
    }
    sample = (result[0] as { value?: unknown }).value;
  } else {
    return { ok: false, reason: `the query returned a ${resultType}; a check needs a scalar or one-element vector` };
  }
  const raw = Array.isArray(sample) ? sample[1] : undefined;
  const value = typeof raw === 'string' ? Number(raw) : NaN;
  if (!Number.isFinite(value)) return { ok: false, reason: `no number: the query returned ${String(raw)}` };
  return { ok: true, value };
}
