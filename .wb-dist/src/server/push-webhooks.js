"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createPushWebhooks = createPushWebhooks;
const node_crypto_1 = require("node:crypto");
const deadline_1 = require("./deadline");
const delivery_dedupe_1 = require("./delivery-dedupe");
const github_push_1 = require("./github-push");
const gitlab_merge_request_1 = require("./gitlab-merge-request");
const gitlab_push_1 = require("./gitlab-push");
const http_io_1 = require("./http-io");
const preview_webhooks_1 = require("./preview-webhooks");
const push_routing_1 = require("./push-routing");
/** GitLab and GitHub give up after 10 s; answer before that so a slow Temporal means a retry, not a timeout. */
const START_DEADLINE_MS = 8_000;
/**
 * Retries come within hours; a bounded memory saves a Temporal call for them. The per-commit workflow id is the
 * durable dedupe (src/client/pipeline-starts.ts), with or without a GitLab token.
 */
const REMEMBERED_DELIVERIES = 2_000;
/** A redelivery repeats the id and the bytes; the same id with another body is treated as a new delivery. */
const deliveryKey = (source, id, rawBody) => (0, node_crypto_1.createHash)('sha256').update(`${source}\0${id}\0`).update(rawBody).digest('base64');
/**
 * The push webhooks: authenticate on the raw bytes, then parse, route through the catalog and start one pipeline
 * per service and environment. Every outcome is a `{status, body}`; only a bug escapes as an exception.
 */
function createPushWebhooks(deps) {
    const oncePerDelivery = (0, delivery_dedupe_1.createOncePerDelivery)({
        max: REMEMBERED_DELIVERIES,
        keep: (r) => r.status < 300,
    });
    /** A redelivery gets the first answer again, marked duplicate, without touching Temporal. */
    async function once(key, work) {
        const { answer, repeated } = oncePerDelivery(key || undefined, work);
        const r = await answer;
        return repeated ? { status: r.status, body: { ...r.body, duplicate: true } } : r;
    }
    async function start(source, push, delivery) {
        const routed = (0, push_routing_1.routePush)(deps.catalog, deps.repoBase, push);
        if ('ignored' in routed)
            return { status: 202, body: { ignored: routed.ignored, delivery } };
        const starts = routed.map((t) => deps.gantry.startPipeline({ ...t, commit: push.commit, triggeredBy: push.pusher }));
        const deadlineMs = deps.startDeadlineMs ?? START_DEADLINE_MS;
        let started;
        try {
            started = await (0, deadline_1.withinDeadline)(Promise.all(starts), deadlineMs);
        }
        catch (err) {
            // 5xx: both senders retry later, which is what a Temporal outage needs.
            const reason = err instanceof Error ? err.message : String(err);
            deps.log?.(`[gantry] ${source} push ${push.commit.slice(0, 12)}: could not start the pipeline: ${reason}`);
            throw new http_io_1.HttpError(503, `could not start the pipeline, retry later: ${reason}`);
        }
        if (started === deadline_1.DEADLINE_PASSED) {
            throw new http_io_1.HttpError(503, `Temporal did not answer within ${deadlineMs} ms, retry later`);
        }
        deps.log?.(`[gantry] ${source} push ${push.branch}@${push.commit.slice(0, 12)} by ${push.pusher}: ${started.map((s) => `${s.workflowId}${s.joined ? ` (exists, ${s.status})` : ''}`).join(', ')}`);
        // Nothing new when every pipeline already exists (a redelivery, a second hook, even after a failure: the
        // workflow id is the durable record, in every replica and after restarts): 200 with what exists.
        return { status: started.every((s) => s.joined) ? 200 : 202, body: { started, delivery } };
    }
    async function answer(run) {
        try {
            return await run();
        }
        catch (err) {
            if (err instanceof http_io_1.HttpError)
                return { status: err.status, body: { error: err.message } };
            throw err;
        }
    }
    return {
        gitlab: (req, rawBody) => answer(async () => {
            (0, gitlab_push_1.verifyGitlabToken)(req, deps.gitlabToken);
            const kind = (0, gitlab_push_1.gitlabEventKind)(req);
            if (kind === 'merge_request' && !deps.catalog.previews) {
                return { status: 202, body: { ignored: 'event "Merge Request Hook" is not handled' } };
            }
            if (kind !== 'push' && kind !== 'merge_request')
                return { status: 202, body: kind };
            const delivery = (0, gitlab_push_1.gitlabDeliveryId)(req);
            // Without a token anyone could claim a delivery id and have the real one answered from memory.
            const key = deps.gitlabToken && delivery ? deliveryKey('gitlab', delivery, rawBody) : undefined;
            return once(key, async () => {
                if (kind === 'merge_request') {
                    const event = (0, gitlab_merge_request_1.parseGitlabMergeRequest)((0, http_io_1.parseJson)(rawBody, req));
                    if ('ignored' in event)
                        return { status: 202, body: { ignored: event.ignored, delivery } };
                    return (0, preview_webhooks_1.startPreviews)(deps, event, delivery, deps.startDeadlineMs ?? START_DEADLINE_MS);
                }
                const push = (0, gitlab_push_1.parseGitlabPush)((0, http_io_1.parseJson)(rawBody, req));
                if ('ignored' in push)
                    return { status: 202, body: { ignored: push.ignored, delivery } };
                return start('gitlab', push, delivery);
            });
        }),
        github: (req, rawBody) => answer(async () => {
            (0, github_push_1.verifyGithubSignature)(rawBody, (0, http_io_1.firstHeader)(req.headers, 'x-hub-signature-256'), deps.githubSecret);
            const kind = (0, github_push_1.githubEventKind)(req);
            if (kind !== 'push')
                return { status: kind.status, body: { ignored: kind.ignored } };
            const delivery = (0, github_push_1.githubDeliveryId)(req);
            return once(delivery && deliveryKey('github', delivery, rawBody), async () => {
                const push = (0, github_push_1.parseGithubPush)((0, http_io_1.parseJson)(rawBody, req));
                if ('ignored' in push)
                    return { status: 202, body: { ignored: push.ignored, delivery } };
                return start('github', push, delivery);
            });
        }),
    };
}
//# sourceMappingURL=push-webhooks.js.map