"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.previewWorkflow = previewWorkflow;
const workflow_1 = require("@temporalio/workflow");
const naming_1 = require("../domain/naming");
const activity_proxies_1 = require("./activity-proxies");
const failure_report_1 = require("./failure-report");
const pipeline_workflow_1 = require("./pipeline-workflow");
const preview_messages_1 = require("./preview-messages");
const stage_tracker_1 = require("./stage-tracker");
const PREVIEW_STAGES = ['build', 'deploy', 'live'];
/**
 * One merge request's preview of one service (id preview/<service>/<iid>): builds the source branch (a child
 * pipeline for preview-<iid>), deploys it through the GitOps repo like any release (stable only, no gates: nothing
 * here reaches users), and keeps it until the merge request is merged or closed, or nobody updated it for the TTL
 * (a durable timer). Later hook deliveries arrive as signals; the newest commit wins, a close always wins.
 */
async function previewWorkflow(input) {
    const { service, iid } = input;
    const environment = (0, naming_1.previewEnvironment)(iid);
    const ref = { service, environment };
    const { workflowId, runId } = (0, workflow_1.workflowInfo)();
    const tracker = new stage_tracker_1.StageTracker(PREVIEW_STAGES, () => new Date());
    const lines = [];
    let status = 'building';
    let next = input.request;
    let deployed;
    let current = input.request;
    let plan = undefined;
    let expiresAt;
    let closedReason;
    let lastError;
    // Its own place to deploy to (Argo CD app and namespace, or a port pair of its own), opened before the first
    // deploy and removed after teardown. Added while previews were in flight: patched() keeps their histories replaying.
    const ownPlace = (0, workflow_1.patched)('preview-own-place');
    let placeOpen = false;
    /** An open was attempted: teardown closes (idempotent), whatever the open's outcome. */
    let placeTouched = false;
    const progress = () => ({
        workflowId,
        service,
        environment,
        iid,
        status,
        stages: tracker.stages,
        commit: current.commit,
        branch: current.branch,
        image: deployed?.image,
        previewUrl: status === 'live' && plan?.url ? plan.url : undefined,
        expiresAt: expiresAt?.toISOString(),
        closedReason,
        lastError,
        log: lines,
    });
    (0, workflow_1.setHandler)(preview_messages_1.previewProgressQuery, progress);
    (0, workflow_1.setHandler)(preview_messages_1.previewRequestSignal, (req) => {
        // A close is final; among deploys the newest commit wins, and the commit already live is not built again.
        if (next?.action === 'close')
            return;
        if (req.action === 'deploy' && !next && req.commit === deployed?.commit)
            return;
        next = req;
    });
    /** A line for people: the query, the Temporal UI's details, the worker's log and the preview's log. */
    async function say(line) {
        lines.push(`${new Date().toISOString()} ${line}`);
        (0, workflow_1.setCurrentDetails)(`${status}: ${line}`);
        workflow_1.log.info(line, { service, iid });
        await activity_proxies_1.quick.appendPreviewLog({ logId: workflowId, line });
    }
    plan = await (0, activity_proxies_1.withSummary)(`plan preview ${service} !${iid}`, activity_proxies_1.quick.planPreview, { service, iid });
    for (;;) {
        const req = next;
        next = undefined;
        if (!req) {
            // Quiet for the whole TTL: a forgotten merge request.
            closedReason = `no update for ${roughly(plan.ttlMs)} (TTL)`;
            break;
        }
        current = req;
        if (req.action === 'close') {
            closedReason = `merge request ${req.reason} by ${req.by}`;
            break;
        }
        if (req.commit && req.commit !== deployed?.commit)
            await buildAndDeploy(req, plan);
        expiresAt = new Date(Date.now() + plan.ttlMs);
        await (0, workflow_1.condition)(() => next !== undefined, plan.ttlMs);
    }
    await tearDown(closedReason);
    return progress();
    async function buildAndDeploy(req, p) {
        const commit = req.commit;
        lastError = undefined;
        status = 'building';
        tracker.enter('build', `${req.branch ?? '?'}@${commit.slice(0, 12)}`);
        await say(`merge request !${iid} ${req.reason} by ${req.by}: building ${req.branch}@${commit.slice(0, 12)}`);
        let image;
        try {
            const child = await (0, workflow_1.startChild)(pipeline_workflow_1.pipelineWorkflow, {
                workflowId: (0, naming_1.pipelineWorkflowId)(service, environment, commit),
                args: [
                    {
                        service,
                        environment,
                        commit,
                        branch: req.branch,
                        triggeredBy: req.by,
                        buildTaskQueue: input.buildTaskQueue,
                    },
                ],
            });
            image = (await child.result()).image;
            tracker.finish('build', 'succeeded', image);
            status = 'deploying';
            if (ownPlace && !placeOpen && p.baseEnvironment)
                await openPlace(p, p.baseEnvironment);
            tracker.enter('deploy', `committing ${image}`);
            const commitOutcome = await (0, activity_proxies_1.withSummary)(`commit preview ${service} ${environment}`, activity_proxies_1.quick.commitDeployment, {
                ...ref,
                set: { stable: image, gray: null },
                changeId: `${workflowId}@${runId}#deploy-${commit}`,
                message: `preview: ${service} ${environment} ${image}\n\nMerge request !${iid} (${req.branch}) by ${req.by}`,
            });
            await (0, activity_proxies_1.withSummary)(`sync ${service}-${environment}`, activity_proxies_1.long.syncDeployment, {
                ...ref,
                revision: commitOutcome.revision,
            });
            tracker.enter('deploy', 'waiting until healthy');
            await (0, activity_proxies_1.withSummary)(`wait healthy ${service} ${environment}`, activity_proxies_1.long.waitHealthy, {
                ...ref,
                expected: { stable: image, gray: null },
                timeoutMs: p.healthTimeoutMs,
                step: `preview-${commit.slice(0, 12)}`,
            });
        }
        catch (err) {
            lastError = (0, failure_report_1.toErrorReport)(err);
            status = 'failed';
            const stage = tracker.current?.name ?? 'build';
            tracker.finish(stage, 'failed', lastError.message.split('\n')[0]);
            await say(`preview of ${commit.slice(0, 12)} failed: ${lastError.message.split('\n')[0]}`);
            await announce('failed', req);
            return;
        }
        deployed = { commit, image };
        tracker.finish('deploy', 'succeeded', 'healthy');
        status = 'live';
        tracker.enter('live', p.url ? `live at ${p.url}` : 'live', 'waiting');
        await say(`preview ${service} !${iid} live at ${p.url || '(no URL configured)'}: ${image}`);
        await announce('succeeded', req);
    }
    async function tearDown(why) {
        status = 'tearing-down';
        expiresAt = undefined;
        await say(`tearing down ${service} ${environment}: ${why}`);
        const commitOutcome = await (0, activity_proxies_1.withSummary)(`remove preview ${service} ${environment}`, activity_proxies_1.quick.commitDeployment, {
            ...ref,
            set: { stable: null, gray: null },
            changeId: `${workflowId}@${runId}#teardown`,
            message: `preview removed: ${service} ${environment}\n\n${why}`,
        });
        await (0, activity_proxies_1.withSummary)(`sync ${service}-${environment}`, activity_proxies_1.long.syncDeployment, {
            ...ref,
            revision: commitOutcome.revision,
        });
        if (placeTouched) {
            await (0, activity_proxies_1.withSummary)(`close ${service}-${environment}`, activity_proxies_1.quick.closePreviewEnvironment, ref);
            placeOpen = false;
        }
        tracker.finish('live', 'skipped', `torn down: ${why}`);
        status = 'closed';
        await say(`preview ${service} !${iid} torn down`);
    }
    /** The Argo CD app and namespace, or the port pair; the target's address wins unless the catalog names a URL. */
    async function openPlace(p, baseEnvironment) {
        tracker.enter('deploy', `opening ${p.namespace}`);
        placeTouched = true;
        const opened = await (0, activity_proxies_1.withSummary)(`open ${service}-${environment}`, activity_proxies_1.quick.openPreviewEnvironment, {
            ...ref,
            namespace: p.namespace,
            baseEnvironment,
        });
        placeOpen = true;
        if (opened.url && !p.urlFromCatalog)
            p.url = opened.url;
    }
    /** The release card of the preview (best effort): the notifier shows previewUrl beside the image. */
    async function announce(kind, req) {
        const p = progress();
        const card = {
            workflowId,
            releaseId: `${workflowId}@${runId}`,
            service,
            environment,
            image: p.image ?? '',
            previousImage: null,
            requestedBy: req.by,
            status: kind,
            stages: p.stages,
            percent: tracker.percent,
            currentStep: lines.at(-1) ?? status,
            lastError,
            approvals: [],
            superseded: [],
            ...(p.previewUrl ? { previewUrl: p.previewUrl } : {}),
        };
        try {
            await activity_proxies_1.notify.notifyRelease({ kind, progress: card, mention: [] });
        }
        catch (err) {
            workflow_1.log.warn('preview notification failed', { error: err.message });
        }
    }
}
/** "3 d", "90 min", "2 s": a TTL as people read it. */
function roughly(ms) {
    if (ms >= 86_400_000 && ms % 86_400_000 === 0)
        return `${ms / 86_400_000} d`;
    if (ms >= 3_600_000)
        return `${Math.round(ms / 3_600_000)} h`;
    if (ms >= 60_000)
        return `${Math.round(ms / 60_000)} min`;
    return `${Math.round(ms / 1000)} s`;
}
//# sourceMappingURL=preview-workflow.js.map