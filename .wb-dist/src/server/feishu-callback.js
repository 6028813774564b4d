"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createFeishuCallbackHandler = createFeishuCallbackHandler;
const node_crypto_1 = require("node:crypto");
const zod_1 = require("zod");
const gantry_client_1 = require("../client/gantry-client");
const release_card_1 = require("../integrations/feishu/release-card");
const deadline_1 = require("./deadline");
const delivery_dedupe_1 = require("./delivery-dedupe");
const http_io_1 = require("./http-io");
/** AES-256-CBC, key = SHA-256 of the encrypt key, IV = the first 16 bytes of the base64-decoded data. */
function decryptFeishuBody(encrypted, encryptKey) {
    const data = Buffer.from(encrypted, 'base64');
    if (data.length < 32)
        throw new Error('encrypted body is too short');
    const key = (0, node_crypto_1.createHash)('sha256').update(encryptKey).digest();
    const decipher = (0, node_crypto_1.createDecipheriv)('aes-256-cbc', key, data.subarray(0, 16));
    return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
}
const actionValue = zod_1.z.object({
    action: zod_1.z.enum(['approve', 'promote', 'rollback', 'abort']),
    service: zod_1.z.string().min(1),
    environment: zod_1.z.string().min(1),
    releaseId: zod_1.z.string().min(1),
});
const LABEL = {
    approve: 'Emergency release approved',
    promote: 'Promotion to full accepted',
    rollback: 'Rollback started',
    abort: 'Release aborted',
};
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v) => (typeof v === 'string' ? v : undefined);
/** Constant-time string comparison (length differences return early, which reveals only the length). */
const sameSecret = (a, b) => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && (0, node_crypto_1.timingSafeEqual)(x, y);
};
const fail = (status, error) => ({ status, body: { error } });
const toast = (type, content) => ({
    status: 200,
    body: { toast: { type, content } },
});
/**
 * Handles Feishu card button callbacks (new card.action.trigger and legacy message-card format) and the request
 * URL verification, without touching node:http objects. A click runs the matching Workflow Update with the
 * event id as update id, and answers with a toast and the card rendered from the release's current progress.
 */
function createFeishuCallbackHandler(options) {
    const now = options.now ?? Date.now;
    const maxSkew = options.maxSkewSeconds ?? 300;
    const seen = options.seen ?? (0, delivery_dedupe_1.createMemoryDedupe)({ ttlMs: 2 * maxSkew * 1000 });
    const deadlineMs = options.deadlineMs ?? 2500;
    const byOpenId = new Map();
    for (const [id, person] of Object.entries(options.people)) {
        if (person.feishuOpenId)
            byOpenId.set(person.feishuOpenId, id);
    }
    const parse = (text) => {
        try {
            const value = JSON.parse(text);
            return isObject(value) ? value : 'body is not a JSON object';
        }
        catch (err) {
            return `malformed JSON: ${err.message}`;
        }
    };
    async function handle(rawBody, headers) {
        const started = now();
        let payload = parse(rawBody.toString('utf8'));
        if (typeof payload === 'string')
            return fail(400, payload);
        const encrypted = typeof payload.encrypt === 'string';
        if (typeof payload.encrypt === 'string') {
            if (!options.encryptKey)
                return fail(400, 'encrypted body, but no Feishu encrypt key is configured');
            let plain;
            try {
                plain = decryptFeishuBody(payload.encrypt, options.encryptKey);
            }
            catch {
                return fail(400, 'cannot decrypt body (wrong encrypt key?)');
            }
            payload = parse(plain);
            if (typeof payload === 'string')
                return fail(400, `decrypted ${payload}`);
        }
        // Echoing the challenge grants nothing, so the token in the body is the whole check (Feishu may not sign it).
        if (payload.type === 'url_verification') {
            if (!sameSecret(str(payload.token) ?? '', options.verificationToken))
                return fail(401, 'bad verification token');
            return { status: 200, body: { challenge: str(payload.challenge) ?? '' } };
        }
        const isNew = payload.schema === '2.0';
        if (!isNew && !(isObject(payload.action) && 'open_id' in payload))
            return fail(400, 'not a Feishu card callback');
        if (!isNew && options.legacy === false)
            return fail(401, 'legacy card callbacks are disabled');
        const timestamp = (0, http_io_1.firstHeader)(headers, 'x-lark-request-timestamp');
        const nonce = (0, http_io_1.firstHeader)(headers, 'x-lark-request-nonce');
        const signature = (0, http_io_1.firstHeader)(headers, 'x-lark-signature');
        if (!timestamp || !nonce || !signature)
            return fail(401, 'missing X-Lark-Request-Timestamp/Nonce/Signature');
        // Always over the raw bytes as received (the encrypted envelope when encrypted), never re-serialised JSON.
        // An encrypted envelope is signed with the encrypt key whatever its content (as Feishu's own Node SDK checks);
        // a plain legacy body with SHA-1 over the verification token. Without an encrypt key the new scheme degenerates
        // to an empty key — unconfirmed that Feishu signs at all then.
        const expected = isNew || encrypted
            ? (0, node_crypto_1.createHash)('sha256')
                .update(timestamp + nonce + (options.encryptKey ?? ''))
                .update(rawBody)
                .digest('hex')
            : (0, node_crypto_1.createHash)('sha1')
                .update(timestamp + nonce + options.verificationToken)
                .update(rawBody)
                .digest('hex');
        if (!sameSecret(signature.toLowerCase(), expected))
            return fail(401, 'bad signature');
        const head = isNew && isObject(payload.header) ? payload.header : undefined;
        // A legacy body's `token` is the card's update token ("c-…"), not the verification token: nothing to compare.
        if (isNew && !sameSecret(str(head?.token) ?? '', options.verificationToken))
            return fail(401, 'bad verification token');
        const sentAt = Number(timestamp);
        if (!Number.isFinite(sentAt) || Math.abs(now() / 1000 - sentAt) > maxSkew)
            return fail(401, `stale timestamp (more than ${maxSkew} s from now)`);
        const eventId = isNew ? str(head?.event_id) : undefined;
        if (isNew && !eventId)
            return fail(400, 'callback has no header.event_id');
        const dedupeKey = eventId ? `event:${eventId}` : `nonce:${nonce}`;
        // A replay executes nothing; it is answered politely because a genuine duplicate delivery is not the user's fault.
        if (!seen.claim(dedupeKey, now()))
            return toast('info', 'This click was already handled.');
        const event = isNew && isObject(payload.event) ? payload.event : payload;
        const action = isObject(event.action) ? event.action : {};
        const operator = isNew && isObject(event.operator) ? event.operator : payload;
        const openId = str(operator.open_id);
        // Some clients send the value as a JSON string rather than an object.
        const rawValue = typeof action.value === 'string' ? parse(action.value) : action.value;
        const parsed = actionValue.safeParse(rawValue);
        if (!parsed.success)
            return toast('error', 'This button is not a Gantry release action.');
        const value = parsed.data;
        const person = openId ? byOpenId.get(openId) : undefined;
        if (!person)
            return toast('error', 'You are not a Gantry user: no person in the catalog has your Feishu account.');
        const form = isObject(action.form_value) ? action.form_value : {};
        const reason = (str(form[release_card_1.REASON_FIELD]) ?? str(action.input_value) ?? '').trim() || undefined;
        const updateId = eventId ?? `feishu-legacy-${nonce}`;
        const answer = (body) => 
        // Legacy callbacks take the new card itself as the answer (a toast there is unconfirmed).
        ({ status: 200, body: isNew || !('card' in body) ? body : body.card.data });
        const remaining = () => Math.max(0, deadlineMs - (now() - started));
        try {
            const current = await (0, deadline_1.withinDeadline)(options.progress(value.service, value.environment), remaining());
            if (current === deadline_1.DEADLINE_PASSED)
                return toast('info', 'Gantry is busy; try again in a moment.');
            if (current.releaseId !== value.releaseId)
                return toast('error', `This card is for release ${value.releaseId}, which is no longer the current release.`);
            // The open_id is what Feishu vouched for (signed callback); the audit keeps it beside the catalog person.
            const decision = {
                by: person,
                reason,
                actor: { subject: `feishu:${openId ?? ''}`, person, via: 'feishu' },
            };
            const outcome = await (0, deadline_1.withinDeadline)(options.decide(value.service, value.environment, value.action, decision, updateId), remaining());
            if (outcome === deadline_1.DEADLINE_PASSED)
                return toast('info', 'Submitted; the card updates when the release confirms it.');
            // The decision is made; failing to re-read progress only costs the refreshed card.
            const updated = await (0, deadline_1.withinDeadline)(options.progress(value.service, value.environment), remaining()).catch(() => deadline_1.DEADLINE_PASSED);
            const content = outcome.message || LABEL[value.action];
            if (updated === deadline_1.DEADLINE_PASSED)
                return toast('success', content);
            return answer({ toast: { type: 'success', content }, card: { type: 'raw', data: options.renderCard(updated) } });
        }
        catch (err) {
            if (err instanceof gantry_client_1.DecisionRejected)
                return toast('error', err.message);
            return toast('error', `Gantry could not record this: ${err.message.split('\n')[0]}`);
        }
    }
    return async (rawBody, headers) => {
        try {
            return await handle(rawBody, headers);
        }
        catch (err) {
            return fail(500, `internal error: ${err.message.split('\n')[0]}`);
        }
    };
}
//# sourceMappingURL=feishu-callback.js.map