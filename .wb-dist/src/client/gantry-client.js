"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DecisionRejected = void 0;
exports.createGantryClient = createGantryClient;
const node_crypto_1 = require("node:crypto");
const client_1 = require("@temporalio/client");
const naming_1 = require("../domain/naming");
const release_status_1 = require("../domain/release-status");
const pipeline_messages_1 = require("../workflows/pipeline-messages");
const release_messages_1 = require("../workflows/release-messages");
const preview_messages_1 = require("../workflows/preview-messages");
const search_attributes_1 = require("../workflows/search-attributes");
const pipeline_starts_1 = require("./pipeline-starts");
const healthy_runs_1 = require("./healthy-runs");
const release_audit_1 = require("./release-audit");
const start_metadata_1 = require("../workflows/start-metadata");
const UPDATES = {
    approve: release_messages_1.approveEmergencyUpdate,
    promote: release_messages_1.promoteUpdate,
    rollback: release_messages_1.rollbackUpdate,
    abort: release_messages_1.abortUpdate,
};
/** A decision the workflow refused (validator or state): shown to the person as is. */
class DecisionRejected extends Error {
    type;
    rule;
    name = 'DecisionRejected';
    constructor(message, 
    /** The validator's failure type: PermissionDenied for a person who may not decide (the API answers 403). */
    type, 
    /** For PermissionDenied, the rule that refused (src/domain/release-rules.ts). */
    rule) {
        super(message);
        this.type = type;
        this.rule = rule;
    }
}
exports.DecisionRejected = DecisionRejected;
function rejection(err) {
    const cause = err.cause;
    if (!(cause instanceof client_1.ApplicationFailure))
        return new DecisionRejected(cause?.message ?? err.message);
    const details = cause.details?.[0];
    return new DecisionRejected(cause.message, cause.type ?? undefined, typeof details?.rule === 'string' ? details.rule : undefined);
}
/**
 * The one way in to Gantry's workflows, used by the HTTP API, the CLI (through the API) and tests. Workflow ids
 * come from the naming convention, so every caller addresses the same release.
 */
function createGantryClient(client, taskQueue, opts = {}) {
    const pipelines = (0, pipeline_starts_1.createPipelineStarts)(client, taskQueue, opts);
    return {
        /**
         * Starts CI for a commit once: any later trigger (redelivery, second hook, another replica) joins that pipeline,
         * even a failed one. `rerun` is the explicit, audited re-run of a failed one (src/client/pipeline-starts.ts).
         */
        startPipeline(input, options = {}) {
            return options.rerun ? pipelines.rerun(input) : pipelines.start(input);
        },
        /**
         * Sends a release request to the service/env's release workflow, starting it if none runs: a waiting release
         * is replaced by the newer image, a deploying one queues it.
         */
        async requestRelease(service, environment, request) {
            const full = { ...request, requestId: request.requestId ?? (0, node_crypto_1.randomUUID)() };
            const workflowId = (0, naming_1.releaseWorkflowId)(service, environment);
            await client.workflow.signalWithStart('releaseWorkflow', {
                taskQueue,
                workflowId,
                args: [{ service, environment, request: full }],
                // Only a start uses it: a signal to a running release leaves that run's summary as it was.
                ...(0, start_metadata_1.releaseStartMetadata)({ service, environment, request: full }),
                signal: release_messages_1.releaseRequestSignal,
                signalArgs: [full],
            });
            return { workflowId };
        },
        /** Who requested and decided what, when and how: read from the release's history (all its runs). */
        releaseAudit: (service, environment) => (0, release_audit_1.readReleaseAudit)(client, (0, naming_1.releaseWorkflowId)(service, environment)),
        /**
         * A merge request event for a service's preview (id preview/<service>/<iid>): signals the running preview, or
         * starts one. A close for a merge request without a running preview starts nothing.
         */
        async requestPreview(service, iid, request) {
            const workflowId = (0, naming_1.previewWorkflowId)(service, iid);
            if (request.action === 'close') {
                try {
                    await client.workflow.getHandle(workflowId).signal(preview_messages_1.previewRequestSignal, request);
                }
                catch (err) {
                    if (!(err instanceof client_1.WorkflowNotFoundError))
                        throw err;
                }
                return { workflowId };
            }
            await client.workflow.signalWithStart('previewWorkflow', {
                taskQueue,
                workflowId,
                args: [{ service, iid, request, buildTaskQueue: opts.buildTaskQueue }],
                signal: preview_messages_1.previewRequestSignal,
                signalArgs: [request],
            });
            return { workflowId };
        },
        async previewProgress(service, iid) {
            return client.workflow.getHandle((0, naming_1.previewWorkflowId)(service, iid)).query(preview_messages_1.previewProgressQuery);
        },
        async releaseProgress(service, environment) {
            return client.workflow.getHandle((0, naming_1.releaseWorkflowId)(service, environment)).query(release_messages_1.progressQuery);
        },
        async pipelineProgress(service, environment, commit) {
            const workflowId = await pipelines.latestRunId(service, environment, commit);
            return client.workflow.getHandle(workflowId).query(pipeline_messages_1.pipelineProgressQuery);
        },
        /** Executes a decision as a Workflow Update; the id makes a repeated click idempotent. */
        async decide(service, environment, kind, decision, updateId) {
            const handle = client.workflow.getHandle((0, naming_1.releaseWorkflowId)(service, environment));
            try {
                return await handle.executeUpdate(UPDATES[kind], { args: [decision], updateId });
            }
            catch (err) {
                if (err instanceof client_1.WorkflowUpdateFailedError)
                    throw rejection(err);
                throw err;
            }
        },
        /** The newest successful build of a service for an environment's branch: what a manual release ships. */
        async latestBuild(service, environment) {
            const query = `WorkflowType = 'pipelineWorkflow' AND ExecutionStatus = 'Completed' AND GantryService = '${service}' AND GantryEnvironment = '${environment}'`;
            let newest;
            for await (const wf of client.workflow.list({ query })) {
                const image = wf.typedSearchAttributes.get(search_attributes_1.SA.image);
                const closed = wf.closeTime?.getTime() ?? 0;
                if (image && (!newest || closed > newest.closed))
                    newest = { image, workflowId: wf.workflowId, closed };
            }
            return newest && { image: newest.image, workflowId: newest.workflowId };
        },
        /** The releases of a service that ended healthy in an environment, newest first (src/client/healthy-runs.ts). */
        healthyRuns: (service, environment, limit = 200) => (0, healthy_runs_1.healthyRuns)(client, service, environment, limit),
        /** What runs healthy where: per service, per environment, the image of the newest successful release. */
        async deployedImages() {
            const out = {};
            let seen = 0;
            for await (const wf of client.workflow.list({ query: `GantryKind = 'release' AND GantryStatus = 'succeeded'` })) {
                const sa = wf.typedSearchAttributes;
                const [service, environment, image] = [sa.get(search_attributes_1.SA.service), sa.get(search_attributes_1.SA.environment), sa.get(search_attributes_1.SA.image)];
                const since = (sa.get(search_attributes_1.SA.statusSince) ?? wf.closeTime ?? wf.startTime).toISOString();
                if (service && environment && image) {
                    const byEnv = (out[service] ??= {});
                    const known = byEnv[environment];
                    if (!known || since > known.since)
                        byEnv[environment] = { image, since, workflowId: wf.workflowId };
                }
                if (++seen >= 5000)
                    break;
            }
            return out;
        },
        /** The newest pipelines of a service for an environment (newest first), for the board's CI pages. */
        async listPipelines(service, environment, limit = 10) {
            const query = `WorkflowType = 'pipelineWorkflow' AND GantryService = '${service}' AND GantryEnvironment = '${environment}'`;
            const out = [];
            for await (const wf of client.workflow.list({ query })) {
                const sa = wf.typedSearchAttributes;
                out.push({
                    workflowId: wf.workflowId,
                    commit: wf.workflowId.split('/').at(-1) ?? '',
                    status: sa.get(search_attributes_1.SA.status) ?? wf.status.name.toLowerCase(),
                    image: sa.get(search_attributes_1.SA.image),
                    triggeredBy: sa.get(search_attributes_1.SA.triggeredBy) ?? '',
                    startTime: wf.startTime.toISOString(),
                });
                if (out.length >= 200)
                    break;
            }
            return out.sort((a, b) => b.startTime.localeCompare(a.startTime)).slice(0, limit);
        },
        /** A finished pipeline's result (test counts, coverage, image); undefined while it runs or when it failed. */
        async pipelineResult(service, environment, commit) {
            const handle = client.workflow.getHandle((0, naming_1.pipelineWorkflowId)(service, environment, commit));
            const { status } = await handle.describe();
            return status.name === 'COMPLETED' ? (await handle.result()) : undefined;
        },
        async listReleases(filter) {
            const clauses = [`GantryKind = 'release'`];
            if (filter !== 'all')
                clauses.push(`ExecutionStatus = 'Running'`);
            if (filter === 'waiting')
                clauses.push(`GantryStatus IN (${release_status_1.WAITING.map((status) => `'${status}'`).join(', ')})`);
            const out = [];
            for await (const wf of client.workflow.list({ query: clauses.join(' AND ') })) {
                const sa = wf.typedSearchAttributes;
                out.push({
                    workflowId: wf.workflowId,
                    service: sa.get(search_attributes_1.SA.service) ?? '',
                    environment: sa.get(search_attributes_1.SA.environment) ?? '',
                    // The workflow's own status says more (rolled-back, aborted…) unless Temporal ended it from outside.
                    status: ['RUNNING', 'COMPLETED', 'FAILED', 'CONTINUED_AS_NEW'].includes(wf.status.name)
                        ? (sa.get(search_attributes_1.SA.status) ?? 'pending')
                        : wf.status.name.toLowerCase(),
                    stage: sa.get(search_attributes_1.SA.stage) ?? '',
                    image: sa.get(search_attributes_1.SA.image) ?? '',
                    triggeredBy: sa.get(search_attributes_1.SA.triggeredBy) ?? '',
                    wakeAt: sa.get(search_attributes_1.SA.wakeAt)?.toISOString(),
                    startTime: wf.startTime.toISOString(),
                });
                if (out.length >= 500)
                    break;
            }
            return out;
        },
    };
}
//# sourceMappingURL=gantry-client.js.map