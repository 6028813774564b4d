"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.queryInstant = queryInstant;
const undici_1 = require("undici");
/**
 * A PromQL instant query over HTTP (GET /api/v1/query). Anything that is not exactly one finite number — the
 * server down or slow, a bad query, an empty vector, several series, NaN — comes back as a reason, not a value.
 */
async function queryInstant(baseUrl, query, opts) {
    const url = new URL('/api/v1/query', baseUrl);
    url.searchParams.set('query', query);
    url.searchParams.set('timeout', `${Math.max(1, Math.floor(opts.timeoutMs / 1000))}s`);
    if (opts.time)
        url.searchParams.set('time', String(opts.time.getTime() / 1000));
    let status;
    let body;
    try {
        const res = await (0, undici_1.request)(url, {
            headersTimeout: opts.timeoutMs,
            bodyTimeout: opts.timeoutMs,
            signal: opts.signal,
        });
        status = res.statusCode;
        const text = await res.body.text();
        try {
            body = JSON.parse(text);
        }
        catch {
            return { ok: false, reason: `Prometheus answered HTTP ${status} with no JSON: ${text.slice(0, 200)}` };
        }
    }
    catch (err) {
        const code = err.code;
        return { ok: false, reason: `Prometheus at ${baseUrl} did not answer: ${code ?? err.message}` };
    }
    if (body.status !== 'success' || !body.data) {
        return { ok: false, reason: `Prometheus refused the query (HTTP ${status}, ${body.errorType}): ${body.error}` };
    }
    return single(body.data.resultType, body.data.result);
}
function single(resultType, result) {
    let sample;
    if (resultType === 'scalar') {
        sample = result;
    }
    else if (resultType === 'vector' && Array.isArray(result)) {
        if (result.length === 0)
            return { ok: false, reason: 'no data: the query returned an empty vector' };
        if (result.length > 1) {
            return { ok: false, reason: `the query returned ${result.length} series; aggregate it to one (e.g. sum(...))` };
        }
        sample = result[0].value;
    }
    else {
        return { ok: false, reason: `the query returned a ${resultType}; a check needs a scalar or one-element vector` };
    }
    const raw = Array.isArray(sample) ? sample[1] : undefined;
    const value = typeof raw === 'string' ? Number(raw) : NaN;
    if (!Number.isFinite(value))
        return { ok: false, reason: `no number: the query returned ${String(raw)}` };
    return { ok: true, value };
}
//# sourceMappingURL=prometheus-query.js.map