"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createReleaseApi = createReleaseApi;
const zod_1 = require("zod");
const gantry_client_1 = require("../client/gantry-client");
const pipeline_starts_1 = require("../client/pipeline-starts");
const duration_1 = require("../config/duration");
const promotion_1 = require("../domain/promotion");
const git_names_1 = require("../domain/git-names");
const image_policy_1 = require("../domain/image-policy");
const request_fields_1 = require("../domain/request-fields");
const actor_1 = require("../auth/actor");
const release_rules_1 = require("../domain/release-rules");
const errors_1 = require("../errors");
const http_io_1 = require("./http-io");
const stuck_releases_1 = require("./stuck-releases");
// Who, why and which request reach commit messages, workflow state and chat cards: one printable line, bounded.
const person = zod_1.z.string().refine(request_fields_1.isPersonName, `one line of at most ${request_fields_1.PERSON_MAX} printable characters`);
const reasonText = zod_1.z.string().refine(request_fields_1.isReasonText, `at most ${request_fields_1.REASON_MAX} characters, no control characters`);
const requestId = zod_1.z.string().refine(request_fields_1.isRequestId, `one line of at most ${request_fields_1.REQUEST_ID_MAX} printable characters`);
const releaseBody = zod_1.z.object({
    service: zod_1.z.string(),
    environment: zod_1.z.string(),
    /** Honoured only in the embedded loopback mode (the authenticator decides); otherwise the token's person acts. */
    requestedBy: person.optional(),
    image: zod_1.z.string().optional(),
    reason: reasonText.optional(),
    rollback: zod_1.z.boolean().default(false),
    requestId: requestId.optional(),
    /** Release an image that never ran healthy in the promoteFrom environment: an audited emergency. */
    overridePromotion: zod_1.z.boolean().default(false),
});
const decisionBody = zod_1.z.object({
    /** As requestedBy: a name the loopback mode trusts, ignored everywhere else. */
    by: person.optional(),
    reason: reasonText.optional(),
    requestId: requestId.optional(),
});
const pipelineBody = zod_1.z.object({
    service: zod_1.z.string(),
    environment: zod_1.z.string(),
    commit: zod_1.z.string().refine(git_names_1.isFullCommitSha, 'a full commit sha (40 or 64 lowercase hex digits)'),
    triggeredBy: person.optional(),
    /** Re-run the commit's failed pipeline (a new, audited run); without it a failed pipeline is joined, not re-run. */
    rerun: zod_1.z.boolean().default(false),
});
function parse(schema, body) {
    const result = schema.safeParse(body);
    if (!result.success) {
        throw new http_io_1.HttpError(400, result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    }
    return result.data;
}
const LIST_FILTERS = new Set(['running', 'waiting', 'all']);
/** The release API behind the CLI and chat buttons: thin, all decisions live in the workflows. */
function createReleaseApi(deps) {
    const { gantry, catalog } = deps;
    // Own keys only: "constructor" or "__proto__" must not pass as a service. Names are the catalog's, so every
    // workflow id, GitOps path and Argo CD app name is built from a name the catalog schema already checked.
    const known = (service, environment) => {
        if (!Object.hasOwn(catalog.services, service))
            throw new http_io_1.HttpError(404, `unknown service "${clip(service)}"`);
        if (!Object.hasOwn(catalog.environments, environment))
            throw new http_io_1.HttpError(404, `unknown environment "${clip(environment)}"`);
    };
    /** The image rules (OCI grammar, allowed registry, tag or digest), before anything starts: 400 with the rule. */
    const vetImage = (image, environment) => {
        const refused = (0, image_policy_1.checkImageForRelease)(image, catalog, environment);
        if (refused)
            throw new http_io_1.HttpError(400, `image refused: ${refused}`);
    };
    /**
     * The promotion rule of an environment with promoteFrom, before anything starts: the image tested in the source
     * environment, or a refusal with the reason. Rollbacks redeploy what ran here before and are not promotions.
     */
    async function promotionOf(r) {
        const from = catalog.environments[r.environment]?.promoteFrom;
        if (!from || r.rollback) {
            if (r.overridePromotion)
                throw new http_io_1.HttpError(400, `${r.environment} does not promote from another environment`);
            return undefined;
        }
        const verdict = (0, promotion_1.promotionVerdict)({
            service: r.service,
            environment: r.environment,
            from,
            healthy: await gantry.healthyRuns(r.service, from),
            image: r.image,
            override: r.overridePromotion ? { reason: r.reason } : undefined,
        });
        if (!verdict.ok)
            throw new http_io_1.HttpError(verdict.status, verdict.reason);
        return verdict;
    }
    return {
        /** The catalog the API decides with (whoami shows the caller's catalog entry). */
        catalog,
        async listReleases(query) {
            const filter = query.get('filter') ?? 'running';
            if (filter === 'stuck') {
                const olderThan = (0, duration_1.parseDuration)(query.get('olderThan') ?? '15m') ?? 900_000;
                return (0, stuck_releases_1.findStuckReleases)(gantry, olderThan);
            }
            if (!LIST_FILTERS.has(filter))
                throw new http_io_1.HttpError(400, `unknown filter ${filter}`);
            return gantry.listReleases(filter);
        },
        releaseProgress: async (service, environment) => {
            known(service, environment);
            return gantry.releaseProgress(service, environment);
        },
        pipelineProgress: async (service, environment, commit) => {
            known(service, environment);
            if (!(0, git_names_1.isFullCommitSha)(commit))
                throw new http_io_1.HttpError(400, 'a full commit sha (40 or 64 lowercase hex digits)');
            return gantry.pipelineProgress(service, environment, commit);
        },
        async readLog(id) {
            const text = await deps.logs.read(id);
            if (!text)
                throw new http_io_1.HttpError(404, 'no such log');
            return text;
        },
        /** `identity` is who the authenticator says is calling: the body's requestedBy never decides it. */
        async requestRelease(body, identity) {
            const r = parse(releaseBody, body);
            known(r.service, r.environment);
            const requestedBy = (0, actor_1.principalOf)(identity);
            // The workflow's own permission gate, before anything starts: a refusal leaves no workflow and no history.
            const kind = r.rollback ? 'rollback' : 'release';
            refuseWith403((0, release_rules_1.mayRequest)((0, release_rules_1.releasePeople)(catalog, r.service, r.environment), requestedBy, kind, r.service));
            if (r.image !== undefined)
                vetImage(r.image, r.environment);
            const promoted = await promotionOf(r);
            const image = promoted?.image ?? r.image ?? (await gantry.latestBuild(r.service, r.environment))?.image;
            if (!image) {
                throw new http_io_1.HttpError(409, `no successful build of ${r.service} for ${r.environment} yet: push to its branch or pass an image`);
            }
            vetImage(image, r.environment);
            const started = await gantry.requestRelease(r.service, r.environment, {
                image,
                requestedBy,
                actor: (0, actor_1.actorOf)(identity),
                kind,
                reason: r.reason,
                requestId: r.requestId,
                ...(promoted ? { promotion: promoted.source } : {}),
            });
            if (promoted?.source.override) {
                deps.log?.(`[gantry] promotion override: ${requestedBy} releases ${image} to ${r.service}/${r.environment} untested in ${promoted.source.from}: ${promoted.source.override.reason}`);
            }
            return { ...started, image, ...(promoted ? { promotion: promoted.source } : {}) };
        },
        /** A merge request's preview: status, URL, TTL and what happened (`gantry preview <service> <iid>`). */
        previewProgress(service, iid) {
            if (!catalog.services[service])
                throw new http_io_1.HttpError(404, `unknown service "${service}"`);
            if (!/^[1-9][0-9]{0,11}$/.test(iid))
                throw new http_io_1.HttpError(400, 'a merge request iid is a positive number');
            return gantry.previewProgress(service, Number(iid));
        },
        /** Per service, per environment: the image running healthy (the newest successful release). */
        deployedImages: () => gantry.deployedImages(),
        async startPipeline(body, identity) {
            const p = parse(pipelineBody, body);
            known(p.service, p.environment);
            const input = {
                service: p.service,
                environment: p.environment,
                commit: p.commit,
                triggeredBy: (0, actor_1.principalOf)(identity),
            };
            try {
                return await gantry.startPipeline(input, { rerun: p.rerun });
            }
            catch (err) {
                if (err instanceof pipeline_starts_1.PipelineRerunRefused)
                    throw new http_io_1.HttpError(409, err.message);
                throw err;
            }
        },
        /** Who requested and decided what on a release, when and how (`gantry audit`). */
        async audit(service, environment) {
            known(service, environment);
            return gantry.releaseAudit(service, environment);
        },
        /**
         * A decision by the authenticated caller. The workflow's validators decide with the same rules as the release
         * gate; a refusal leaves no history. Permission refusals (typed PermissionDenied, with the rule) answer 403,
         * anything else that does not fit the release's state 409.
         */
        async decide(service, environment, kind, body, identity) {
            known(service, environment);
            const d = parse(decisionBody, body);
            const decision = { by: (0, actor_1.principalOf)(identity), reason: d.reason, actor: (0, actor_1.actorOf)(identity) };
            try {
                return await gantry.decide(service, environment, kind, decision, d.requestId);
            }
            catch (err) {
                if (!(err instanceof gantry_client_1.DecisionRejected))
                    throw err;
                if (err.type === errors_1.ErrorType.PermissionDenied)
                    throw new http_io_1.HttpError(403, err.message, { rule: err.rule });
                throw new http_io_1.HttpError(409, err.message);
            }
        },
    };
}
/** 403 with the rule that refused, as the workflow would have refused it later. */
function refuseWith403(refusal) {
    if (refusal)
        throw new http_io_1.HttpError(403, refusal.message, { rule: refusal.rule });
}
/** Names from a URL or body go into an error message: never kilobytes of them. */
const clip = (text) => (text.length > 80 ? `${text.slice(0, 77)}...` : text);
//# sourceMappingURL=release-api.js.map