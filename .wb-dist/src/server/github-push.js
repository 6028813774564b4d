"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.verifyGithubSignature = verifyGithubSignature;
exports.githubDeliveryId = githubDeliveryId;
exports.githubEventKind = githubEventKind;
exports.parseGithubPush = parseGithubPush;
const node_crypto_1 = require("node:crypto");
const zod_1 = require("zod");
const http_io_1 = require("./http-io");
const push_event_1 = require("./push-event");
const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;
const pushSchema = zod_1.z.object({
    ref: zod_1.z.string(),
    after: zod_1.z.string(),
    deleted: zod_1.z.boolean().optional(),
    repository: zod_1.z.object({
        full_name: zod_1.z.string().optional(),
        clone_url: zod_1.z.string().optional(),
        ssh_url: zod_1.z.string().optional(),
        html_url: zod_1.z.string().optional(),
    }),
    pusher: zod_1.z.object({ name: zod_1.z.string().optional() }).nullish(),
    sender: zod_1.z.object({ login: zod_1.z.string().optional() }).nullish(),
});
/**
 * Checks `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>` over the bytes as received (re-encoding
 * parsed JSON would not reproduce them). Without a secret nothing can be verified, so every delivery is refused.
 */
function verifyGithubSignature(rawBody, signature, secret) {
    if (!secret)
        throw new http_io_1.HttpError(401, 'GitHub webhooks are not enabled: no secret configured');
    const hex = SIGNATURE.exec(signature ?? '')?.[1];
    if (!hex)
        throw new http_io_1.HttpError(401, 'missing or malformed X-Hub-Signature-256');
    const want = (0, node_crypto_1.createHmac)('sha256', secret).update(rawBody).digest();
    if (!(0, node_crypto_1.timingSafeEqual)(Buffer.from(hex, 'hex'), want))
        throw new http_io_1.HttpError(401, 'invalid X-Hub-Signature-256');
}
/** GitHub never redelivers by itself, but a manual "Redeliver" keeps the GUID. */
function githubDeliveryId(req) {
    return (0, http_io_1.firstHeader)(req.headers, 'x-github-delivery') || undefined;
}
/** `X-GitHub-Event`: only pushes start CI; ping (sent when the hook is created) and the rest are acknowledged. */
function githubEventKind(req) {
    const event = (0, http_io_1.firstHeader)(req.headers, 'x-github-event');
    if (!event)
        throw new http_io_1.HttpError(400, 'missing X-GitHub-Event header');
    if (event === 'push')
        return 'push';
    if (event === 'ping')
        return { ignored: 'ping', status: 200 };
    return { ignored: `event "${event.slice(0, 80)}" is not handled`, status: 202 };
}
/** A GitHub push body → the same push shape as GitLab's, or the reason we ignore it. */
function parseGithubPush(body) {
    const parsed = pushSchema.safeParse(body);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new http_io_1.HttpError(400, `not a GitHub push event: ${issue?.path.join('.') || 'body'}: ${issue?.message}`);
    }
    const push = parsed.data;
    if (push.ref.startsWith('refs/tags/'))
        return { ignored: push_event_1.TAG_IGNORED };
    if (!push.ref.startsWith('refs/heads/'))
        return { ignored: `ref ${push.ref.slice(0, 200)} is not a branch` };
    if (push.deleted === true || /^0+$/.test(push.after))
        return { ignored: 'branch deleted' };
    if (!push_event_1.COMMIT_SHA.test(push.after))
        throw new http_io_1.HttpError(400, 'not a GitHub push event: after: not a sha');
    const repo = push.repository;
    return {
        branch: push.ref.slice('refs/heads/'.length),
        commit: push.after,
        pusher: push.pusher?.name || push.sender?.login || 'unknown',
        repoUrls: [repo.clone_url ?? '', repo.ssh_url ?? '', repo.html_url ?? ''],
        pathWithNamespace: repo.full_name,
    };
}
//# sourceMappingURL=github-push.js.map