"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.startFeishuDouble = startFeishuDouble;
exports.encrypt = encrypt;
exports.cardCallbackRequest = cardCallbackRequest;
exports.newCallbackBody = newCallbackBody;
exports.legacyCallbackBody = legacyCallbackBody;
const node_crypto_1 = require("node:crypto");
const node_http_1 = require("node:http");
const release_card_1 = require("../integrations/feishu/release-card");
async function startFeishuDouble(options) {
    const now = options.now ?? Date.now;
    const ttl = options.tokenTtlSeconds ?? 7200;
    const tokens = new Map();
    const uuids = new Map();
    const faults = [];
    let seq = 0;
    const send = (res, status, body, headers = {}) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(body));
    };
    const readJson = async (req) => {
        const chunks = [];
        for await (const c of req)
            chunks.push(c);
        try {
            return JSON.parse(Buffer.concat(chunks).toString('utf8'));
        }
        catch {
            return undefined;
        }
    };
    const authorised = (req) => {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const expires = token ? tokens.get(token) : undefined;
        return expires !== undefined && expires > now();
    };
    const invalidToken = {
        code: 99991663,
        msg: 'Invalid access token for authorization. Please make a request with token attached.',
    };
    const parseCard = (content) => {
        if (typeof content !== 'string')
            return undefined;
        try {
            return JSON.parse(content);
        }
        catch {
            return undefined;
        }
    };
    const double = {
        url: '',
        tokensIssued: 0,
        messages: new Map(),
        botMessages: [],
        failNext(count, status, body = { code: 99991400, msg: 'request trigger frequency limit' }, headers = {}) {
            for (let i = 0; i < count; i++)
                faults.push({ status, body, headers });
        },
        revokeTokens: () => tokens.clear(),
        close: () => new Promise((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        }),
    };
    async function route(req, res) {
        const url = new URL(req.url ?? '/', 'http://feishu.local');
        // For people, not part of Feishu's API: the chat as the double holds it.
        if (req.method === 'GET' && url.pathname === '/cards')
            return send(res, 200, [...double.messages.values()]);
        const click = /^\/cards\/([^/]+)\/click$/.exec(url.pathname);
        if (req.method === 'POST' && click)
            return clickButton(res, decodeURIComponent(click[1] ?? ''), await readJson(req));
        const body = await readJson(req);
        if (!body)
            return send(res, 400, { code: 9499, msg: 'Bad Request' });
        if (req.method === 'POST' && url.pathname === '/open-apis/auth/v3/tenant_access_token/internal') {
            if (body.app_id !== options.appId || body.app_secret !== options.appSecret)
                return send(res, 200, { code: 10014, msg: 'app secret invalid' });
            const token = `t-${(0, node_crypto_1.randomBytes)(8).toString('hex')}`;
            tokens.set(token, now() + ttl * 1000);
            double.tokensIssued++;
            return send(res, 200, { code: 0, msg: 'ok', tenant_access_token: token, expire: ttl });
        }
        const fault = faults.shift();
        if (fault)
            return send(res, fault.status, fault.body, fault.headers);
        if (req.method === 'POST' && url.pathname === '/open-apis/im/v1/messages') {
            if (!authorised(req))
                return send(res, 400, invalidToken);
            const receiveIdType = url.searchParams.get('receive_id_type') ?? '';
            const { receive_id: receiveId, msg_type: msgType, content, uuid } = body;
            if (!['chat_id', 'open_id', 'user_id', 'union_id', 'email'].includes(receiveIdType))
                return send(res, 400, { code: 99992402, msg: 'field validation failed: receive_id_type' });
            const parsed = parseCard(content);
            if (typeof receiveId !== 'string' || typeof msgType !== 'string' || parsed === undefined)
                return send(res, 400, { code: 230001, msg: 'invalid message content' });
            const earlier = typeof uuid === 'string' ? uuids.get(uuid) : undefined;
            if (earlier)
                return send(res, 200, { code: 0, msg: 'success', data: { message_id: earlier } });
            const messageId = `om_${(++seq).toString().padStart(6, '0')}${(0, node_crypto_1.randomBytes)(4).toString('hex')}`;
            double.messages.set(messageId, { messageId, receiveId, receiveIdType, msgType, versions: [parsed] });
            options.log?.(`[feishu] ${messageId} to ${receiveId}: ${summary(msgType, parsed)}`);
            if (typeof uuid === 'string')
                uuids.set(uuid, messageId);
            return send(res, 200, { code: 0, msg: 'success', data: { message_id: messageId, msg_type: msgType } });
        }
        const patch = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(url.pathname);
        if (req.method === 'PATCH' && patch) {
            if (!authorised(req))
                return send(res, 400, invalidToken);
            const message = double.messages.get(decodeURIComponent(patch[1] ?? ''));
            if (!message)
                return send(res, 400, { code: 230011, msg: 'The message was withdrawn or does not exist.' });
            const parsed = parseCard(body.content);
            if (message.msgType !== 'interactive' || parsed === undefined)
                return send(res, 400, { code: 230001, msg: 'only interactive cards can be updated' });
            message.versions.push(parsed);
            options.log?.(`[feishu] ${message.messageId} updated: ${summary(message.msgType, parsed)}`);
            return send(res, 200, { code: 0, msg: 'success', data: {} });
        }
        const hook = /^\/open-apis\/bot\/v2\/hook\/([^/]+)$/.exec(url.pathname);
        if (req.method === 'POST' && hook) {
            const name = hook[1] ?? '';
            if (!options.hooks || !(name in options.hooks))
                return send(res, 200, { code: 19001, msg: 'param invalid: incoming webhook access token invalid' });
            const secret = options.hooks[name];
            if (secret !== undefined && !botSignatureValid(body, secret, now())) {
                return send(res, 200, {
                    code: 19021,
                    msg: 'sign match fail or timestamp is not within one hour from current time',
                });
            }
            double.botMessages.push({ hook: name, body });
            options.log?.(`[feishu] bot ${name}: ${JSON.stringify(body.content ?? body.card ?? body).slice(0, 200)}`);
            return send(res, 200, { code: 0, msg: 'success', data: {} });
        }
        return send(res, 404, { code: 404, msg: `no route for ${req.method} ${url.pathname}` });
    }
    /** A click on the latest version of a card, delivered to the callback URL as Feishu does; answers Gantry's reply. */
    async function clickButton(res, messageId, body) {
        const message = double.messages.get(messageId);
        const callback = options.callback;
        if (!message || !callback)
            return send(res, 404, { code: 404, msg: `no card ${messageId} or no callback URL` });
        const { action, openId, reason } = body ?? {};
        const buttons = (0, release_card_1.findButtons)(message.versions.at(-1));
        const button = buttons.find((b) => b.value?.action === action);
        if (!button || typeof openId !== 'string') {
            const actions = buttons.map((b) => b.value?.action);
            return send(res, 400, { code: 400, msg: `send {"action": one of ${JSON.stringify(actions)}, "openId": …}` });
        }
        const scheme = callback.scheme ?? 'new';
        const formValue = typeof reason === 'string' ? { reason } : undefined;
        const delivery = cardCallbackRequest({
            scheme,
            body: scheme === 'new'
                ? newCallbackBody({
                    eventId: `ev_${(0, node_crypto_1.randomBytes)(8).toString('hex')}`,
                    token: callback.verificationToken,
                    openId,
                    value: button.value,
                    formValue,
                    createTimeMs: now(),
                    messageId,
                    appId: options.appId,
                })
                : legacyCallbackBody({ openId, value: button.value, formValue, messageId }),
            verificationToken: callback.verificationToken,
            encryptKey: callback.encryptKey,
            encrypted: callback.encryptKey !== undefined,
            timestamp: Math.floor(now() / 1000),
        });
        const answer = await fetch(callback.url, { method: 'POST', headers: delivery.headers, body: delivery.rawBody });
        const text = await answer.text();
        const toast = (() => {
            try {
                return JSON.stringify(JSON.parse(text).toast ?? text);
            }
            catch {
                return text;
            }
        })();
        options.log?.(`[feishu] click ${String(action)} by ${openId} on ${messageId}: HTTP ${answer.status} ${toast.slice(0, 200)}`);
        res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' }).end(text);
    }
    const server = (0, node_http_1.createServer)((req, res) => {
        route(req, res).catch((err) => send(res, 500, { code: 500, msg: err.message }));
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    double.url = `http://127.0.0.1:${server.address().port}`;
    return double;
}
/** The documented check, written independently of the client: HMAC key = timestamp + "\n" + secret, empty data. */
function botSignatureValid(body, secret, nowMs) {
    const { timestamp, sign } = body;
    if (typeof timestamp !== 'string' || typeof sign !== 'string')
        return false;
    if (Math.abs(nowMs / 1000 - Number(timestamp)) > 3600)
        return false;
    const expected = (0, node_crypto_1.createHmac)('sha256', timestamp + '\n' + secret).digest();
    const given = Buffer.from(sign, 'base64');
    return given.length === expected.length && (0, node_crypto_1.timingSafeEqual)(given, expected);
}
// ── Card callbacks, built exactly as Feishu would send them ─────────────────────────────────────────────────────
/** New scheme (card.action.trigger): hex SHA-256 of timestamp + nonce + encryptKey + raw body. */
const signNew = (timestamp, nonce, encryptKey, rawBody) => (0, node_crypto_1.createHash)('sha256')
    .update(timestamp + nonce + encryptKey)
    .update(rawBody)
    .digest('hex');
/**
 * Legacy message-card scheme, unencrypted: hex SHA-1 of timestamp + nonce + verification token + raw body (as
 * Feishu's Node SDK checks it). An encrypted legacy envelope is signed like the new scheme.
 */
const signLegacy = (timestamp, nonce, token, rawBody) => (0, node_crypto_1.createHash)('sha1')
    .update(timestamp + nonce + token)
    .update(rawBody)
    .digest('hex');
/** `{"encrypt": …}` envelope: AES-256-CBC, key SHA-256(encryptKey), random IV prepended, base64. */
function encrypt(plaintext, encryptKey) {
    const iv = (0, node_crypto_1.randomBytes)(16);
    const cipher = (0, node_crypto_1.createCipheriv)('aes-256-cbc', (0, node_crypto_1.createHash)('sha256').update(encryptKey).digest(), iv);
    return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}
/** Raw body and headers of a card callback delivery. */
function cardCallbackRequest(o) {
    const plain = JSON.stringify(o.body);
    const text = o.encrypted ? JSON.stringify({ encrypt: encrypt(plain, o.encryptKey ?? '') }) : plain;
    const timestamp = String(o.timestamp);
    const nonce = o.nonce ?? (0, node_crypto_1.randomBytes)(8).toString('hex');
    const signature = o.scheme === 'new' || o.encrypted
        ? signNew(timestamp, nonce, o.signWith ?? o.encryptKey ?? '', text)
        : signLegacy(timestamp, nonce, o.signWith ?? o.verificationToken, text);
    return {
        rawBody: Buffer.from(text, 'utf8'),
        headers: {
            'content-type': 'application/json; charset=utf-8',
            'x-lark-request-timestamp': timestamp,
            'x-lark-request-nonce': nonce,
            'x-lark-signature': signature,
        },
    };
}
/** A schema 2.0 card.action.trigger body for a button click. */
function newCallbackBody(o) {
    return {
        schema: '2.0',
        header: {
            event_id: o.eventId,
            token: o.token,
            create_time: String(o.createTimeMs * 1000),
            event_type: 'card.action.trigger',
            tenant_key: 'tenant-1',
            app_id: o.appId ?? 'cli_test',
        },
        event: {
            operator: { open_id: o.openId, user_id: 'u-1', union_id: 'on-1' },
            action: { value: o.value, tag: 'button', name: 'gantry_button', form_value: o.formValue },
            context: { open_message_id: o.messageId ?? 'om_card', open_chat_id: 'oc_chat' },
        },
    };
}
/** One line for a message: a card's title, subtitle and buttons, or the start of a text. */
function summary(msgType, content) {
    const c = (content ?? {});
    if (msgType === 'text')
        return JSON.stringify(c.text ?? content).slice(0, 200);
    if (msgType !== 'interactive')
        return `${msgType} ${JSON.stringify(content).slice(0, 200)}`;
    const title = [c.header?.title?.content, c.header?.subtitle?.content].filter((t) => typeof t === 'string');
    const actions = (0, release_card_1.findButtons)(content).map((b) => b.value?.action);
    return `card "${title.join(' · ')}"${actions.length ? ` [buttons: ${actions.join(', ')}]` : ''}`;
}
/**
 * A legacy message-card callback body. Its `token` is the card's update token ("c-…", for updating the card
 * later), not the app's verification token: the request is authenticated by its signature.
 */
function legacyCallbackBody(o) {
    return {
        open_id: o.openId,
        user_id: 'u-1',
        open_message_id: o.messageId ?? 'om_card',
        tenant_key: 'tenant-1',
        token: o.updateToken ?? `c-${(0, node_crypto_1.randomBytes)(12).toString('hex')}`,
        action: { value: o.value, tag: 'button', ...(o.formValue ? { form_value: o.formValue } : {}) },
    };
}
//# sourceMappingURL=feishu-server.js.map