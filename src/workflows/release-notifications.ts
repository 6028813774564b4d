import { log } from '@temporalio/workflow';
import type { ReleaseEventKind } from '../ports/notifier';
import { notify, withSummary } from './activity-proxies';
import type { ReleaseState } from './release-state';

/** Posts (or updates) the release's chat card. Best effort: a chat outage is logged and never fails a release. */
export async function announce(state: ReleaseState, kind: ReleaseEventKind, mention: string[] = []): Promise<void> {
  try {
    const posted = await withSummary(`notify ${kind}`, notify.notifyRelease, {
      kind,
      progress: state.progress(),
      mention,
      cardRef: state.cardRef,
    });
    state.cardRef = posted.cardRef ?? state.cardRef;
  } catch (err) {
    log.warn('notification failed', { kind, error: (err as Error).message });
  }
}
