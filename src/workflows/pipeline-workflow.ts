import { setHandler, workflowInfo } from '@temporalio/workflow';
import { CI_PRINCIPAL } from '../domain/permissions';
import { nonRetryable } from '../errors';
import { quick, withSummary } from './activity-proxies';
import { toErrorReport } from './failure-report';
import { handOver } from './pipeline-handover';
import { pipelineProgressQuery, type PipelineInput, type PipelineResult } from './pipeline-messages';
import { PipelineState } from './pipeline-state';
import { PipelineSteps } from './pipeline-steps';

/**
 * CI for one service at one commit for one environment (id pipeline/<service>/<env>/<commit>, so a duplicate
 * trigger joins), read as its table of contents: checkout → compile → unit tests → quality gate → image (or
 * package) → scan (pipeline-steps); then, where the environment deploys automatically, hands the pinned artifact
 * to that environment's release workflow (pipeline-handover).
 */
export async function pipelineWorkflow(input: PipelineInput): Promise<PipelineResult> {
  const state = new PipelineState(input);
  const { tracker } = state;
  setHandler(pipelineProgressQuery, () => state.progress());

  let steps: PipelineSteps | undefined;
  try {
    const plan = await withSummary(`plan pipeline ${input.service} ${input.environment}`, quick.planPipeline, input);
    steps = new PipelineSteps(state, plan);
    await steps.checkout();
    await steps.compile();
    const tested = await steps.test();
    await steps.qualityGate(tested);
    const image = await steps.artifact();
    await steps.scan(image);
    if (plan.autoDeploy) {
      state.releaseId = await state.stage('release', `handing ${image} to ${input.environment}`, () =>
        handOver(input, {
          requestId: workflowInfo().workflowId,
          image,
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
    state.status = 'succeeded';
    state.publish();
    return {
      image,
      ...(state.artifact ? { artifact: state.artifact } : {}),
      commit: input.commit,
      tests: { total: tested.tests.total, failed: tested.tests.failed, skipped: tested.tests.skipped },
      coverage: tested.coverage,
      releaseWorkflowId: state.releaseId,
    };
  } catch (err) {
    const lastError = toErrorReport(err);
    state.lastError = lastError;
    const current = tracker.current;
    if (current) tracker.finish(current.name, 'failed', lastError.message.split('\n')[0]);
    state.status = 'failed';
    state.publish();
    // Surface the typed cause (TestsFailed, QualityGateFailed…) as the run's failure, not the activity wrapper.
    throw nonRetryable(lastError);
  } finally {
    await steps?.cleanUp();
  }
}
