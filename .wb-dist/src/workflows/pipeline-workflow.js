"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.pipelineWorkflow = pipelineWorkflow;
const workflow_1 = require("@temporalio/workflow");
const common_1 = require("@temporalio/common");
const naming_1 = require("../domain/naming");
const permissions_1 = require("../domain/permissions");
const errors_1 = require("../errors");
const activity_proxies_1 = require("./activity-proxies");
const failure_report_1 = require("./failure-report");
const pipeline_messages_1 = require("./pipeline-messages");
const release_messages_1 = require("./release-messages");
const release_workflow_1 = require("./release-workflow");
const search_attributes_1 = require("./search-attributes");
const start_metadata_1 = require("./start-metadata");
const stage_tracker_1 = require("./stage-tracker");
const PIPELINE_STAGES = ['checkout', 'compile', 'test', 'quality-gate', 'image', 'scan', 'release'];
/**
 * CI for one service at one commit for one environment (id pipeline/<service>/<env>/<commit>, so a duplicate
 * trigger joins): checkout → compile → unit tests → quality gate → image (or package) → scan; then, where the environment
 * deploys automatically, hands the pinned artifact to that environment's release workflow.
 */
async function pipelineWorkflow(input) {
    const tracker = new stage_tracker_1.StageTracker(PIPELINE_STAGES, () => new Date());
    let status = 'running';
    let lastError;
    let image;
    let artifact;
    let releaseId;
    const progress = () => ({
        workflowId: (0, workflow_1.workflowInfo)().workflowId,
        service: input.service,
        environment: input.environment,
        commit: input.commit,
        status,
        stages: tracker.stages,
        percent: tracker.percent,
        currentStep: tracker.current ? `${tracker.current.name}: ${tracker.current.step ?? tracker.current.state}` : status,
        lastError,
        image,
        ...(artifact ? { artifact } : {}),
        releaseWorkflowId: releaseId,
    });
    (0, workflow_1.setHandler)(pipeline_messages_1.pipelineProgressQuery, progress);
    const publish = () => {
        // The Temporal UI's current details; not a command, so it needs no patch.
        (0, workflow_1.setCurrentDetails)(lastError ? `${status}: ${lastError.message.split('\n', 1)[0] ?? ''}` : `${status}: ${progress().currentStep}`);
        (0, workflow_1.upsertSearchAttributes)([
            { key: search_attributes_1.SA.kind, value: 'pipeline' },
            { key: search_attributes_1.SA.service, value: input.service },
            { key: search_attributes_1.SA.environment, value: input.environment },
            { key: search_attributes_1.SA.status, value: status },
            { key: search_attributes_1.SA.stage, value: tracker.current?.name ?? 'checkout' },
            { key: search_attributes_1.SA.triggeredBy, value: input.triggeredBy },
            ...(image ? [{ key: search_attributes_1.SA.image, value: image }] : []),
        ]);
        (0, workflow_1.upsertMemo)({ summary: `CI ${input.service}@${input.commit.slice(0, 12)} for ${input.environment}: ${status}` });
    };
    async function stage(name, step, run) {
        tracker.enter(name, step);
        publish();
        const result = await run();
        tracker.finish(name, 'succeeded');
        return result;
    }
    const build = (0, activity_proxies_1.buildActivities)(input.buildTaskQueue);
    let workspace;
    try {
        const plan = await (0, activity_proxies_1.withSummary)(`plan pipeline ${input.service} ${input.environment}`, activity_proxies_1.quick.planPipeline, input);
        const checkout = await stage('checkout', `${plan.branch}@${input.commit.slice(0, 12)}`, () => (0, activity_proxies_1.withSummary)(`checkout ${plan.branch}@${input.commit.slice(0, 12)}`, build.quick.checkoutSource, {
            repoUrl: plan.repoUrl,
            branch: plan.branch,
            commit: input.commit,
        }));
        workspace = checkout.workspace;
        const step = { service: input.service, workspace, language: plan.language };
        const runtime = `${plan.languageName}${plan.language.version ? ` ${plan.language.version}` : ''}`;
        await stage('compile', `${runtime}: ${plan.language.compile}`, () => (0, activity_proxies_1.withSummary)(`compile ${input.service} (${runtime})`, build.long.compileSource, step));
        const tested = await stage('test', plan.language.test, () => (0, activity_proxies_1.withSummary)(`unit tests ${input.service}`, build.long.runUnitTests, step));
        tracker.finish('test', 'succeeded', `${tested.tests.passed}/${tested.tests.total} passed`);
        await stage('quality-gate', `coverage ≥ ${plan.minCoverage}`, () => (0, activity_proxies_1.withSummary)(`quality gate ${input.service}`, build.long.evaluateQualityGate, {
            service: input.service,
            commit: input.commit,
            workspace: step.workspace,
            tests: tested.tests,
            coverage: tested.coverage,
            minCoverage: plan.minCoverage,
            language: plan.language,
        }));
        const target = { ...step, commit: input.commit, repository: plan.repository, tag: input.commit.slice(0, 12) };
        // Gated on the recorded plan: plans from before packages existed have no `artifact` and replay the image step.
        const built = plan.artifact === 'package'
            ? await buildPackage(target)
            : await stage('image', `${target.repository}:${target.tag}`, () => (0, activity_proxies_1.withSummary)(`build image ${target.repository}:${target.tag}`, build.long.buildImage, target));
        image = built.image;
        // Plans recorded before the scan gate existed carry no imageScan, so their replays skip it too.
        const scanPolicy = plan.imageScan;
        if (scanPolicy) {
            const policy = scanPolicy.failOn.length ? `fail on ${scanPolicy.failOn.join(', ')}` : 'report only';
            const scanned = await stage('scan', `trivy ${scanPolicy.scanners.join('+')}, ${policy}`, () => (0, activity_proxies_1.withSummary)(`scan ${artifact ?? 'image'} ${input.service}`, build.long.scanImage, {
                service: input.service,
                environment: input.environment,
                image: built.image,
                policy: scanPolicy,
            }));
            tracker.finish('scan', 'succeeded', scanned.summary);
        }
        else {
            tracker.finish('scan', 'skipped', 'no imageScan in the catalog');
        }
        if (plan.autoDeploy) {
            releaseId = await stage('release', `handing ${image} to ${input.environment}`, () => handOver({
                requestId: (0, workflow_1.workflowInfo)().workflowId,
                image: built.image,
                commit: input.commit,
                requestedBy: permissions_1.CI_PRINCIPAL,
                // Audit: CI acts, on behalf of whoever pushed (as the webhook's signature vouched for).
                actor: { subject: `push:${input.triggeredBy}`, via: 'ci' },
                kind: 'release',
                reason: `push by ${input.triggeredBy}`,
            }));
        }
        else {
            tracker.finish('release', 'skipped', `${input.environment} is released by hand`);
        }
        status = 'succeeded';
        publish();
        return {
            image: built.image,
            ...(artifact ? { artifact } : {}),
            commit: input.commit,
            tests: { total: tested.tests.total, failed: tested.tests.failed, skipped: tested.tests.skipped },
            coverage: tested.coverage,
            releaseWorkflowId: releaseId,
        };
    }
    catch (err) {
        lastError = (0, failure_report_1.toErrorReport)(err);
        const current = tracker.current;
        if (current)
            tracker.finish(current.name, 'failed', lastError.message.split('\n')[0]);
        status = 'failed';
        publish();
        // Surface the typed cause (TestsFailed, QualityGateFailed…) as the run's failure, not the activity wrapper.
        throw (0, errors_1.nonRetryable)(lastError);
    }
    finally {
        // Runs even when the pipeline is cancelled, so no workspace is left behind.
        const done = workspace;
        if (done)
            await workflow_1.CancellationScope.nonCancellable(() => (0, activity_proxies_1.withSummary)('clean workspace', build.quick.cleanWorkspace, { workspace: done }));
    }
    /** The `package` step instead of `image`: the build output packed, stored content-addressed, pinned by digest. */
    async function buildPackage(target) {
        artifact = 'package';
        tracker.rename('image', 'package');
        const built = await stage('package', `${target.repository}:${target.tag}`, () => (0, activity_proxies_1.withSummary)(`build package ${target.repository}:${target.tag}`, build.long.buildPackage, target));
        tracker.finish('package', 'succeeded', `${built.package} (${built.size} bytes)`);
        return { image: built.package };
    }
    /**
     * Starts the environment's release as a child that outlives this run, or, when a release is already running
     * there, signals it: it replaces a waiting release or queues behind a deploying one.
     */
    async function handOver(request) {
        const workflowId = (0, naming_1.releaseWorkflowId)(input.service, input.environment);
        for (let attempt = 1;; attempt++) {
            try {
                await (0, workflow_1.startChild)(release_workflow_1.releaseWorkflow, {
                    workflowId,
                    args: [{ service: input.service, environment: input.environment, request }],
                    parentClosePolicy: workflow_1.ParentClosePolicy.ABANDON,
                    // User metadata for the Temporal UI: not compared on replay.
                    ...(0, start_metadata_1.releaseStartMetadata)({ service: input.service, environment: input.environment, request }),
                });
                return workflowId;
            }
            catch (err) {
                if (!(err instanceof common_1.WorkflowExecutionAlreadyStartedError))
                    throw err;
            }
            try {
                await (0, workflow_1.getExternalWorkflowHandle)(workflowId).signal(release_messages_1.releaseRequestSignal, request);
                return workflowId;
            }
            catch (err) {
                // The running release finished between the two calls: start a new one.
                workflow_1.log.info('release finished while handing over; starting again', { attempt, error: err.message });
                if (attempt >= 5)
                    throw err;
            }
        }
    }
}
//# sourceMappingURL=pipeline-workflow.js.map