"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.verifyGitlabToken = verifyGitlabToken;
exports.gitlabDeliveryId = gitlabDeliveryId;
exports.gitlabEventKind = gitlabEventKind;
exports.parseGitlabPush = parseGitlabPush;
const node_crypto_1 = require("node:crypto");
const zod_1 = require("zod");
const http_io_1 = require("./http-io");
const push_event_1 = require("./push-event");
const ZERO_SHA = '0000000000000000000000000000000000000000';
const pushSchema = zod_1.z.object({
    object_kind: zod_1.z.string(),
    ref: zod_1.z.string(),
    after: zod_1.z.string(),
    checkout_sha: zod_1.z.string().nullable().optional(),
    user_username: zod_1.z.string().optional(),
    project: zod_1.z.object({
        path_with_namespace: zod_1.z.string().optional(),
        git_http_url: zod_1.z.string().optional(),
        git_ssh_url: zod_1.z.string().optional(),
    }),
});
/**
 * Constant-time comparison of the shared secret GitLab sends in plain text. Both sides are hashed first so the
 * comparison also takes the same time whatever the length of the guess.
 */
function verifyGitlabToken(req, expected) {
    if (!expected)
        return;
    const digest = (s) => (0, node_crypto_1.createHash)('sha256').update(s).digest();
    const given = (0, http_io_1.firstHeader)(req.headers, 'x-gitlab-token');
    if (given === undefined || !(0, node_crypto_1.timingSafeEqual)(digest(given), digest(expected))) {
        throw new http_io_1.HttpError(401, 'invalid X-Gitlab-Token');
    }
}
/** The dedupe key: `Idempotency-Key` is stable across GitLab's retries of one delivery (17.4+), the event UUID before. */
function gitlabDeliveryId(req) {
    return (0, http_io_1.firstHeader)(req.headers, 'idempotency-key') || (0, http_io_1.firstHeader)(req.headers, 'x-gitlab-event-uuid') || undefined;
}
/**
 * What `X-Gitlab-Event` asks of us: parse a push, or ignore the event (2xx, so GitLab keeps the hook). A missing
 * header falls through to the body's `object_kind` (hand-made senders such as the embedded git hook).
 */
function gitlabEventKind(req) {
    const event = (0, http_io_1.firstHeader)(req.headers, 'x-gitlab-event');
    if (!event || event === 'Push Hook')
        return 'push';
    if (event === 'Merge Request Hook')
        return 'merge_request';
    if (event === 'Tag Push Hook')
        return { ignored: push_event_1.TAG_IGNORED };
    return { ignored: `event "${event.slice(0, 80)}" is not handled` };
}
/** A GitLab push body → the push we act on, or the reason we ignore it (answered 2xx so GitLab keeps the hook). */
function parseGitlabPush(body) {
    const parsed = pushSchema.safeParse(body);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new http_io_1.HttpError(400, `not a GitLab push event: ${issue?.path.join('.') || 'body'}: ${issue?.message}`);
    }
    const push = parsed.data;
    if (push.object_kind === 'tag_push')
        return { ignored: push_event_1.TAG_IGNORED };
    if (push.object_kind !== 'push')
        return { ignored: `event ${push.object_kind.slice(0, 80)} is not handled` };
    if (!push.ref.startsWith('refs/heads/'))
        return { ignored: `ref ${push.ref.slice(0, 200)} is not a branch` };
    if (push.after === ZERO_SHA || !push.checkout_sha)
        return { ignored: 'branch deleted' };
    if (!push_event_1.COMMIT_SHA.test(push.checkout_sha))
        throw new http_io_1.HttpError(400, 'not a GitLab push event: checkout_sha: not a sha');
    return {
        branch: push.ref.slice('refs/heads/'.length),
        commit: push.checkout_sha,
        pusher: push.user_username ?? 'unknown',
        repoUrls: [push.project.git_http_url ?? '', push.project.git_ssh_url ?? ''],
        pathWithNamespace: push.project.path_with_namespace,
    };
}
//# sourceMappingURL=gitlab-push.js.map