import { condition, patched, setHandler } from '@temporalio/workflow';
import { quick, withSummary } from './activity-proxies';
import { buildAndDeploy } from './preview-deploy';
import {
  previewProgressQuery,
  previewRequestSignal,
  type PreviewProgress,
  type PreviewWorkflowInput,
} from './preview-messages';
import { PreviewState } from './preview-state';
import { tearDown } from './preview-teardown';

/**
 * One merge request's preview of one service (id preview/<service>/<iid>), read as its table of contents: builds the
 * source branch and deploys it (preview-deploy), and keeps it until the merge request is merged or closed, or nobody
 * updated it for the TTL (a durable timer); then tears it down (preview-teardown). Later hook deliveries arrive as
 * signals; the newest commit wins, a close always wins (preview-state).
 */
export async function previewWorkflow(input: PreviewWorkflowInput): Promise<PreviewProgress> {
  const state = new PreviewState(input);
  const { service, iid } = input;
  // Its own place to deploy to (Argo CD app and namespace, or a port pair of its own), opened before the first
  // deploy and removed after teardown. Added while previews were in flight: patched() keeps their histories replaying.
  const ownPlace = patched('preview-own-place');

  setHandler(previewProgressQuery, () => state.progress());
  setHandler(previewRequestSignal, (req) => state.offer(req));

  const plan = await withSummary(`plan preview ${service} !${iid}`, quick.planPreview, { service, iid });
  state.plan = plan;
  for (;;) {
    const req = state.take();
    if (!req) {
      // Quiet for the whole TTL: a forgotten merge request.
      state.closedReason = `no update for ${roughly(plan.ttlMs)} (TTL)`;
      break;
    }
    // A close names no commit: the preview keeps showing the branch (and its last commit) it closes.
    state.current =
      req.action === 'close'
        ? { ...req, branch: req.branch ?? state.current.branch, commit: state.current.commit }
        : req;
    if (req.action === 'close') {
      state.closedReason = `merge request ${req.reason} by ${req.by}`;
      break;
    }
    if (req.commit && req.commit !== state.deployed?.commit) await buildAndDeploy(state, req, plan, ownPlace);
    state.expiresAt = new Date(Date.now() + plan.ttlMs);
    await condition(() => state.next !== undefined, plan.ttlMs);
  }
  await tearDown(state, state.closedReason);
  return state.progress();
}

/** "3 d", "90 min", "2 s": a TTL as people read it. */
function roughly(ms: number): string {
  if (ms >= 86_400_000 && ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms >= 3_600_000) return `${Math.round(ms / 3_600_000)} h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 1000)} s`;
}
