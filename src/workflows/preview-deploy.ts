import { startChild } from '@temporalio/workflow';
import type { PreviewPlan } from '../activities';
import { pipelineWorkflowId } from '../domain/naming';
import { long, quick, withSummary } from './activity-proxies';
import { toErrorReport } from './failure-report';
import type { PreviewRequest } from './preview-messages';
import { announce } from './preview-notifications';
import type { PreviewState } from './preview-state';
import { pipelineWorkflow } from './pipeline-workflow';

/**
 * Builds the commit (a child pipeline for preview-<iid>) and deploys it through the GitOps repo like any release:
 * stable only, no gates, since nothing here reaches users. A failure is reported and leaves the preview waiting for
 * the next commit. `ownPlace`: the workflow's patch decision to open a place of its own before the first deploy.
 */
export async function buildAndDeploy(
  state: PreviewState,
  req: PreviewRequest,
  p: PreviewPlan,
  ownPlace: boolean,
): Promise<void> {
  const { service, iid, environment, ref, workflowId, runId, tracker } = state;
  const commit = req.commit!;
  state.lastError = undefined;
  state.status = 'building';
  tracker.enter('build', `${req.branch ?? '?'}@${commit.slice(0, 12)}`);
  await state.say(`merge request !${iid} ${req.reason} by ${req.by}: building ${req.branch}@${commit.slice(0, 12)}`);
  let image: string;
  try {
    const child = await startChild(pipelineWorkflow, {
      workflowId: pipelineWorkflowId(service, environment, commit),
      args: [
        {
          service,
          environment,
          commit,
          branch: req.branch,
          triggeredBy: req.by,
          buildTaskQueue: state.input.buildTaskQueue,
        },
      ],
    });
    image = (await child.result()).image;
    tracker.finish('build', 'succeeded', image);
    state.status = 'deploying';
    if (ownPlace && !state.placeOpen && p.baseEnvironment) await openPlace(state, p, p.baseEnvironment);
    tracker.enter('deploy', `committing ${image}`);
    const commitOutcome = await withSummary(`commit preview ${service} ${environment}`, quick.commitDeployment, {
      ...ref,
      set: { stable: image, gray: null },
      changeId: `${workflowId}@${runId}#deploy-${commit}`,
      message: `preview: ${service} ${environment} ${image}\n\nMerge request !${iid} (${req.branch}) by ${req.by}`,
    });
    await withSummary(`sync ${service}-${environment}`, long.syncDeployment, {
      ...ref,
      revision: commitOutcome.revision,
    });
    tracker.enter('deploy', 'waiting until healthy');
    await withSummary(`wait healthy ${service} ${environment}`, long.waitHealthy, {
      ...ref,
      expected: { stable: image, gray: null },
      timeoutMs: p.healthTimeoutMs,
      step: `preview-${commit.slice(0, 12)}`,
    });
  } catch (err) {
    const lastError = toErrorReport(err);
    state.lastError = lastError;
    state.status = 'failed';
    const stage = tracker.current?.name ?? 'build';
    tracker.finish(stage, 'failed', lastError.message.split('\n')[0]);
    await state.say(`preview of ${commit.slice(0, 12)} failed: ${lastError.message.split('\n')[0]}`);
    await announce(state, 'failed', req);
    return;
  }
  state.deployed = { commit, image };
  tracker.finish('deploy', 'succeeded', 'healthy');
  state.status = 'live';
  tracker.enter('live', p.url ? `live at ${p.url}` : 'live', 'waiting');
  await state.say(`preview ${service} !${iid} live at ${p.url || '(no URL configured)'}: ${image}`);
  await announce(state, 'succeeded', req);
}

/** The Argo CD app and namespace, or the port pair; the target's address wins unless the catalog names a URL. */
async function openPlace(state: PreviewState, p: PreviewPlan, baseEnvironment: string): Promise<void> {
  const { service, environment, ref } = state;
  state.tracker.enter('deploy', `opening ${p.namespace}`);
  state.placeTouched = true;
  const opened = await withSummary(`open ${service}-${environment}`, quick.openPreviewEnvironment, {
    ...ref,
    namespace: p.namespace,
    baseEnvironment,
  });
  state.placeOpen = true;
  if (opened.url && !p.urlFromCatalog) p.url = opened.url;
}
