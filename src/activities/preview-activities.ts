import { ErrorType, nonRetryable } from '../errors';
import { DeployError, type DeployRef, type DeployTarget, type EnvironmentSpec } from '../ports/deploy-target';
import type { LogStore } from '../ports/log-store';
import { activityIo, detachedAsRetry } from './activity-io';

/** The preview's own log (merge request events, its URL, teardown), and the place it deploys to. */
export function createPreviewActivities(deps: { logs: LogStore; target: DeployTarget }) {
  /** Refusals (DeployError) end the attempt for good, with the target's reason; outages are retried. */
  const onTarget = async <T>(fn: (io: ReturnType<typeof activityIo>) => Promise<T>): Promise<T> => {
    const io = activityIo();
    try {
      return await fn(io);
    } catch (err) {
      if (err instanceof DeployError) throw nonRetryable(ErrorType.DeployFailed, err.message);
      throw detachedAsRetry(err);
    }
  };

  return {
    async appendPreviewLog(input: { logId: string; line: string }): Promise<void> {
      const writer = deps.logs.open(input.logId);
      writer.write(`[preview] ${new Date().toISOString()} ${input.line}\n`);
      await writer.close();
    },

    /** Its own Argo CD app and namespace, or its own port (local): where the preview answers, when the target says. */
    openPreviewEnvironment: (input: DeployRef & EnvironmentSpec): Promise<{ url?: string }> =>
      onTarget(async (io) => (await deps.target.openEnvironment?.(input, input, io)) ?? {}),

    /** After the teardown sync: the app (with its resources) or the port goes. */
    closePreviewEnvironment: (input: DeployRef): Promise<void> =>
      onTarget(async (io) => {
        await deps.target.closeEnvironment?.(input, io);
      }),
  };
}
