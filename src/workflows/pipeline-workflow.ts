import {
  CancellationScope,
  ParentClosePolicy,
  getExternalWorkflowHandle,
  log,
  setCurrentDetails,
  setHandler,
  startChild,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { releaseWorkflowId } from '../domain/naming';
import { CI_PRINCIPAL } from '../domain/permissions';
import type { ErrorReport, PipelineProgress } from '../domain/progress';
import { nonRetryable } from '../errors';
import { buildActivities, quick, withSummary } from './activity-proxies';
import { toErrorReport } from './failure-report';
import { pipelineProgressQuery, type PipelineInput, type PipelineResult } from './pipeline-messages';
import { releaseRequestSignal, type ReleaseRequest } from './release-messages';
import { releaseWorkflow } from './release-workflow';
import { SA } from './search-attributes';
import { releaseStartMetadata } from './start-metadata';
import { StageTracker } from './stage-tracker';

const PIPELINE_STAGES = ['checkout', 'compile', 'test', 'quality-gate', 'image', 'scan', 'release'] as const;
/** `package` replaces `image` when the service's artifact is a package. */
type PipelineStage = (typeof PIPELINE_STAGES)[number] | 'package';

/**
 * CI for one service at one commit for one environment (id pipeline/<service>/<env>/<commit>, so a duplicate
 * trigger joins): checkout → compile → unit tests → quality gate → image (or package) → scan; then, where the environment
 * deploys automatically, hands the pinned artifact to that environment's release workflow.
 */
export async function pipelineWorkflow(input: PipelineInput): Promise<PipelineResult> {
  const tracker = new StageTracker(PIPELINE_STAGES, () => new Date());
  let status: PipelineProgress['status'] = 'running';
  let lastError: ErrorReport | undefined;
  let image: string | undefined;
  let artifact: 'package' | undefined;
  let releaseId: string | undefined;

  const progress = (): PipelineProgress => ({
    workflowId: workflowInfo().workflowId,
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
  setHandler(pipelineProgressQuery, progress);

  const publish = (): void => {
    // The Temporal UI's current details; not a command, so it needs no patch.
    setCurrentDetails(
      lastError ? `${status}: ${lastError.message.split('\n', 1)[0] ?? ''}` : `${status}: ${progress().currentStep}`,
    );
    upsertSearchAttributes([
      { key: SA.kind, value: 'pipeline' },
      { key: SA.service, value: input.service },
      { key: SA.environment, value: input.environment },
      { key: SA.status, value: status },
      { key: SA.stage, value: tracker.current?.name ?? 'checkout' },
      { key: SA.triggeredBy, value: input.triggeredBy },
      ...(image ? [{ key: SA.image, value: image }] : []),
    ]);
    upsertMemo({ summary: `CI ${input.service}@${input.commit.slice(0, 12)} for ${input.environment}: ${status}` });
  };

  async function stage<T>(name: PipelineStage, step: string, run: () => Promise<T>): Promise<T> {
    tracker.enter(name, step);
    publish();
    const result = await run();
    tracker.finish(name, 'succeeded');
    return result;
  }

  const build = buildActivities(input.buildTaskQueue);
  let workspace: string | undefined;
  try {
    const plan = await withSummary(`plan pipeline ${input.service} ${input.environment}`, quick.planPipeline, input);
    const checkout = await stage('checkout', `${plan.branch}@${input.commit.slice(0, 12)}`, () =>
      withSummary(`checkout ${plan.branch}@${input.commit.slice(0, 12)}`, build.quick.checkoutSource, {
        repoUrl: plan.repoUrl,
        branch: plan.branch,
        commit: input.commit,
      }),
    );
    workspace = checkout.workspace;
    const step = { service: input.service, workspace, language: plan.language };
    const runtime = `${plan.languageName}${plan.language.version ? ` ${plan.language.version}` : ''}`;
    await stage('compile', `${runtime}: ${plan.language.compile}`, () =>
      withSummary(`compile ${input.service} (${runtime})`, build.long.compileSource, step),
    );
    const tested = await stage('test', plan.language.test, () =>
      withSummary(`unit tests ${input.service}`, build.long.runUnitTests, step),
    );
    tracker.finish('test', 'succeeded', `${tested.tests.passed}/${tested.tests.total} passed`);
    await stage('quality-gate', `coverage ≥ ${plan.minCoverage}`, () =>
      withSummary(`quality gate ${input.service}`, build.long.evaluateQualityGate, {
        service: input.service,
        commit: input.commit,
        workspace: step.workspace,
        tests: tested.tests,
        coverage: tested.coverage,
        minCoverage: plan.minCoverage,
        language: plan.language,
      }),
    );
    const target = { ...step, commit: input.commit, repository: plan.repository, tag: input.commit.slice(0, 12) };
    // Gated on the recorded plan: plans from before packages existed have no `artifact` and replay the image step.
    const built =
      plan.artifact === 'package'
        ? await buildPackage(target)
        : await stage('image', `${target.repository}:${target.tag}`, () =>
            withSummary(`build image ${target.repository}:${target.tag}`, build.long.buildImage, target),
          );
    image = built.image;
    // Plans recorded before the scan gate existed carry no imageScan, so their replays skip it too.
    const scanPolicy = plan.imageScan;
    if (scanPolicy) {
      const policy = scanPolicy.failOn.length ? `fail on ${scanPolicy.failOn.join(', ')}` : 'report only';
      const scanned = await stage('scan', `trivy ${scanPolicy.scanners.join('+')}, ${policy}`, () =>
        withSummary(`scan ${artifact ?? 'image'} ${input.service}`, build.long.scanImage, {
          service: input.service,
          environment: input.environment,
          image: built.image,
          policy: scanPolicy,
        }),
      );
      tracker.finish('scan', 'succeeded', scanned.summary);
    } else {
      tracker.finish('scan', 'skipped', 'no imageScan in the catalog');
    }
    if (plan.autoDeploy) {
      releaseId = await stage('release', `handing ${image} to ${input.environment}`, () =>
        handOver({
          requestId: workflowInfo().workflowId,
          image: built.image,
          commit: input.commit,
          requestedBy: CI_PRINCIPAL,
          // Audit: CI acts, on behalf of whoever pushed (as the webhook's signature vouched for).
          actor: { subject: `push:${input.triggeredBy}`, via: 'ci' },
          kind: 'release',
          reason: `push by ${input.triggeredBy}`,
        }),
      );
    } else {
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
  } catch (err) {
    lastError = toErrorReport(err);
    const current = tracker.current;
    if (current) tracker.finish(current.name, 'failed', lastError.message.split('\n')[0]);
    status = 'failed';
    publish();
    // Surface the typed cause (TestsFailed, QualityGateFailed…) as the run's failure, not the activity wrapper.
    throw nonRetryable(lastError);
  } finally {
    // Runs even when the pipeline is cancelled, so no workspace is left behind.
    const done = workspace;
    if (done)
      await CancellationScope.nonCancellable(() =>
        withSummary('clean workspace', build.quick.cleanWorkspace, { workspace: done }),
      );
  }

  /** The `package` step instead of `image`: the build output packed, stored content-addressed, pinned by digest. */
  async function buildPackage(target: Parameters<typeof build.long.buildPackage>[0]): Promise<{ image: string }> {
    artifact = 'package';
    tracker.rename('image', 'package');
    const built = await stage('package', `${target.repository}:${target.tag}`, () =>
      withSummary(`build package ${target.repository}:${target.tag}`, build.long.buildPackage, target),
    );
    tracker.finish('package', 'succeeded', `${built.package} (${built.size} bytes)`);
    return { image: built.package };
  }

  /**
   * Starts the environment's release as a child that outlives this run, or, when a release is already running
   * there, signals it: it replaces a waiting release or queues behind a deploying one.
   */
  async function handOver(request: ReleaseRequest): Promise<string> {
    const workflowId = releaseWorkflowId(input.service, input.environment);
    for (let attempt = 1; ; attempt++) {
      try {
        await startChild(releaseWorkflow, {
          workflowId,
          args: [{ service: input.service, environment: input.environment, request }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          // User metadata for the Temporal UI: not compared on replay.
          ...releaseStartMetadata({ service: input.service, environment: input.environment, request }),
        });
        return workflowId;
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      try {
        await getExternalWorkflowHandle(workflowId).signal(releaseRequestSignal, request);
        return workflowId;
      } catch (err) {
        // The running release finished between the two calls: start a new one.
        log.info('release finished while handing over; starting again', { attempt, error: (err as Error).message });
        if (attempt >= 5) throw err;
      }
    }
  }
}
