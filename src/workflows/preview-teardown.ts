import { patched } from '@temporalio/workflow';
import { long, quick, withSummary } from './activity-proxies';
import type { PreviewState } from './preview-state';

/**
 * Removes the preview: its deployment leaves the GitOps repo's values and is synced away, its own place (if one was
 * opened) is closed, and last the environment's values file goes.
 */
export async function tearDown(state: PreviewState, why: string | undefined): Promise<void> {
  const { service, iid, environment, ref, workflowId, runId } = state;
  state.status = 'tearing-down';
  state.expiresAt = undefined;
  await state.say(`tearing down ${service} ${environment}: ${why}`);
  const commitOutcome = await withSummary(`remove preview ${service} ${environment}`, quick.commitDeployment, {
    ...ref,
    set: { stable: null, gray: null },
    changeId: `${workflowId}@${runId}#teardown`,
    message: `preview removed: ${service} ${environment}\n\n${why}`,
  });
  await withSummary(`sync ${service}-${environment}`, long.syncDeployment, {
    ...ref,
    revision: commitOutcome.revision,
  });
  if (state.placeTouched) {
    await withSummary(`close ${service}-${environment}`, quick.closePreviewEnvironment, ref);
    state.placeOpen = false;
  }
  // Last, once nothing syncs it any more (an Argo CD app cannot render a missing values file): the environment
  // leaves the GitOps repo. Added while previews were in flight: patched() keeps their histories replaying.
  if (patched('preview-remove-values-file')) {
    await withSummary(`remove ${service} ${environment} from GitOps`, quick.commitDeployment, {
      ...ref,
      set: {},
      remove: true,
      changeId: `${workflowId}@${runId}#remove-values`,
      message: `preview gone: ${service} ${environment}\n\n${why}`,
    });
  }
  state.tracker.finish('live', 'skipped', `torn down: ${why}`);
  state.status = 'closed';
  await state.say(`preview ${service} !${iid} torn down`);
}
