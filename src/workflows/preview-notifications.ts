import { log } from '@temporalio/workflow';
import type { ReleaseProgress } from '../domain/progress';
import { notify } from './activity-proxies';
import type { PreviewRequest } from './preview-messages';
import type { PreviewState } from './preview-state';

/** The release card of the preview (best effort): the notifier shows previewUrl beside the image. */
export async function announce(state: PreviewState, kind: 'succeeded' | 'failed', req: PreviewRequest): Promise<void> {
  const { workflowId, runId, service, environment, tracker, lines } = state;
  const p = state.progress();
  const card: ReleaseProgress = {
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
    currentStep: lines.at(-1) ?? state.status,
    lastError: state.lastError,
    approvals: [],
    superseded: [],
    ...(p.previewUrl ? { previewUrl: p.previewUrl } : {}),
  };
  try {
    await notify.notifyRelease({ kind, progress: card, mention: [] });
  } catch (err) {
    log.warn('preview notification failed', { error: (err as Error).message });
  }
}
