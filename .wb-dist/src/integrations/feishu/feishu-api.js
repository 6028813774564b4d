"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.messageUuid = exports.FeishuApiError = void 0;
exports.createFeishuApi = createFeishuApi;
const node_crypto_1 = require("node:crypto");
const promises_1 = require("node:timers/promises");
const undici_1 = require("undici");
const FEISHU_BASE_URL = 'https://open.feishu.cn';
/**
 * "Invalid access token" answers: drop the cached token and retry once. 99991663 is the documented tenant token
 * code; 99991661 ("missing access token") is included on trust — not confirmed against the live API.
 */
const TOKEN_INVALID = new Set([99991663, 99991661]);
/**
 * Rate-limit codes: 99991400 (open API frequency limit), 9499 and 11232 (custom bot "too many requests"). HTTP 429
 * and 5xx are retried as well. The bot codes come from community reports, not Feishu's docs.
 */
const RATE_LIMITED = new Set([99991400, 9499, 11232]);
/** A Feishu answer other than code 0, with its code and msg as Feishu wrote them. */
class FeishuApiError extends Error {
    operation;
    code;
    msg;
    httpStatus;
    logId;
    transient;
    name = 'FeishuApiError';
    constructor(operation, code, msg, httpStatus, logId, 
    /** A rate limit, outage or network failure that outlasted the retries: worth retrying later, as is. */
    transient = false) {
        super(`Feishu ${operation} failed: ${code === undefined ? '' : `code ${code} `}"${msg}" (HTTP ${httpStatus}${logId ? `, log id ${logId}` : ''})`);
        this.operation = operation;
        this.code = code;
        this.msg = msg;
        this.httpStatus = httpStatus;
        this.logId = logId;
        this.transient = transient;
    }
}
exports.FeishuApiError = FeishuApiError;
/** Custom group bot signature: HMAC-SHA256 keyed with `timestamp + "\n" + secret` over an empty message, base64. */
function botSignature(timestamp, secret) {
    return (0, node_crypto_1.createHmac)('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
}
function createFeishuApi(options) {
    const base = (options.baseUrl ?? FEISHU_BASE_URL).replace(/\/+$/, '');
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms) => (0, promises_1.setTimeout)(ms));
    const retries = options.retries ?? 3;
    const backoffMs = options.backoffMs ?? 500;
    const timeoutMs = options.timeoutMs ?? 10_000;
    let cached;
    let inflight;
    const delay = (attempt, headers) => {
        // Feishu says when its rate-limit window resets (x-ogw-ratelimit-reset, seconds; unconfirmed for every API).
        const reset = Number(headers['x-ogw-ratelimit-reset'] ?? headers['retry-after']);
        if (Number.isFinite(reset) && reset > 0)
            return Math.min(reset * 1000, 30_000);
        return backoffMs * 2 ** attempt * (0.75 + Math.random() * 0.5);
    };
    /** One call with retries; `auth` adds the tenant token and refreshes it once if Feishu calls it invalid. */
    async function call(operation, method, url, body, auth) {
        let refreshed = false;
        for (let attempt = 0;;) {
            const headers = { 'content-type': 'application/json; charset=utf-8' };
            if (auth)
                headers.authorization = `Bearer ${await tenantAccessToken()}`;
            let status;
            let answer;
            let resHeaders = {};
            try {
                const res = await (0, undici_1.request)(url, {
                    method,
                    headers,
                    body: body === undefined ? undefined : JSON.stringify(body),
                    headersTimeout: timeoutMs,
                    bodyTimeout: timeoutMs,
                    dispatcher: options.dispatcher,
                });
                status = res.statusCode;
                resHeaders = res.headers;
                const text = await res.body.text();
                try {
                    answer = JSON.parse(text);
                }
                catch {
                    answer = { msg: text.slice(0, 200) || 'empty answer' };
                }
            }
            catch (err) {
                if (attempt < retries) {
                    await sleep(delay(attempt++, {}));
                    continue;
                }
                throw new FeishuApiError(operation, undefined, `network error: ${err.message}`, 0, undefined, true);
            }
            const code = answer.code ?? answer.StatusCode;
            if (code === 0 && status < 300)
                return answer;
            if (auth && code !== undefined && TOKEN_INVALID.has(code) && !refreshed) {
                refreshed = true;
                cached = undefined;
                continue;
            }
            const transient = status === 429 || status >= 500 || (code !== undefined && RATE_LIMITED.has(code));
            if (transient && attempt < retries) {
                await sleep(delay(attempt++, resHeaders));
                continue;
            }
            const logId = resHeaders['x-tt-logid'];
            throw new FeishuApiError(operation, code, answer.msg ?? answer.StatusMessage ?? 'no message', status, typeof logId === 'string' ? logId : undefined, transient);
        }
    }
    /** Cached until shortly before expiry; concurrent callers share one fetch. */
    async function tenantAccessToken() {
        if (cached && now() < cached.refreshAt)
            return cached.token;
        inflight ??= (async () => {
            try {
                const answer = await call('tenant_access_token', 'POST', `${base}/open-apis/auth/v3/tenant_access_token/internal`, { app_id: options.appId, app_secret: options.appSecret }, false);
                const token = answer.tenant_access_token;
                const expire = Number(answer.expire ?? 0);
                if (!token || !(expire > 0))
                    throw new FeishuApiError('tenant_access_token', answer.code, 'answer has no token or expire', 200);
                const margin = Math.min(options.refreshMarginSeconds ?? 300, expire / 2);
                cached = { token, refreshAt: now() + (expire - margin) * 1000 };
                return token;
            }
            finally {
                inflight = undefined;
            }
        })();
        return inflight;
    }
    const messagesUrl = (type) => `${base}/open-apis/im/v1/messages?receive_id_type=${type}`;
    const messageId = (answer, operation) => {
        const id = answer.data?.message_id;
        if (typeof id !== 'string')
            throw new FeishuApiError(operation, answer.code, 'answer has no message_id', 200);
        return id;
    };
    return {
        tenantAccessToken,
        /**
         * Sends a card as the app bot; returns its message_id. `uuid` makes Feishu drop a repeated send for an hour
         * (documented request field; how a duplicate is answered was not verified), so activity retries post one card.
         */
        async sendCard(receiveId, receiveIdType, card, uuid) {
            const body = { receive_id: receiveId, msg_type: 'interactive', content: JSON.stringify(card), uuid };
            return messageId(await call('send card', 'POST', messagesUrl(receiveIdType), body, true), 'send card');
        },
        /** Replaces a sent card in place (shared cards only: JSON 2.0, or 1.0 with config.update_multi). */
        async updateCard(messageId, card) {
            const url = `${base}/open-apis/im/v1/messages/${encodeURIComponent(messageId)}`;
            await call('update card', 'PATCH', url, { content: JSON.stringify(card) }, true);
        },
        async sendText(receiveId, receiveIdType, text, uuid) {
            const body = { receive_id: receiveId, msg_type: 'text', content: JSON.stringify({ text }), uuid };
            return messageId(await call('send text', 'POST', messagesUrl(receiveIdType), body, true), 'send text');
        },
        /** Posts to a custom group bot webhook (send only); signs it when the bot has a secret. */
        async sendBotMessage(webhookUrl, secret, body) {
            const signed = { ...body };
            if (secret) {
                const timestamp = String(Math.floor(now() / 1000));
                Object.assign(signed, { timestamp, sign: botSignature(timestamp, secret) });
            }
            await call('custom bot message', 'POST', webhookUrl, signed, false);
        },
    };
}
/** A stable uuid (≤ 50 chars, Feishu's limit) for one logical message, so retried sends are deduplicated. */
const messageUuid = (...parts) => (0, node_crypto_1.createHash)('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
exports.messageUuid = messageUuid;
//# sourceMappingURL=feishu-api.js.map