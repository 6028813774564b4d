import type { Notifier, ReleaseEvent } from '../ports/notifier';

export function createNotifyActivities(deps: { notifier: Notifier }) {
  return {
    async notifyRelease(event: ReleaseEvent): Promise<{ cardRef?: string }> {
      return (await deps.notifier.notify(event)) ?? {};
    },
  };
}
