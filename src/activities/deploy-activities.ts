import type { DeploymentState } from '../domain/deployment';
import { ErrorType, nonRetryable } from '../errors';
import { DeployError, type DeployProgress, type DeployRef, type DeployTarget } from '../ports/deploy-target';
import type { CommitOutcome, DeploymentChange, GitOpsRepo } from '../ports/git-ops';
import type { LogStore } from '../ports/log-store';
import { activityIo, currentWorkflowId, detachedAsRetry, keepAliveHeartbeat } from './activity-io';

export interface DeployDeps {
  gitOps: GitOpsRepo;
  target: DeployTarget;
  logs: LogStore;
}

export function createDeployActivities(deps: DeployDeps) {
  return {
    async readDeployment(ref: DeployRef): Promise<DeploymentState> {
      const io = activityIo();
      const alive = keepAliveHeartbeat(io);
      try {
        return await deps.gitOps.read(ref.service, ref.environment, undefined, {
          signal: io.signal,
          heartbeat: alive.heartbeat,
        });
      } finally {
        alive.stop();
      }
    },

    /** Idempotent by changeId: a retry or a replayed worker finds the earlier commit instead of committing again. */
    async commitDeployment(change: DeploymentChange): Promise<CommitOutcome> {
      const io = activityIo();
      // Beats while it waits its turn to push, too: the short heartbeat timeout only catches a dead worker.
      const alive = keepAliveHeartbeat(io);
      try {
        return await deps.gitOps.commit(change, { signal: io.signal, heartbeat: alive.heartbeat });
      } finally {
        alive.stop();
      }
    },

    /** A retry (after a worker stop) finds the operation its earlier attempt started instead of syncing again. */
    async syncDeployment(input: DeployRef & { revision: string }): Promise<void> {
      const io = activityIo();
      const { signal, detached, previous, attempt } = io;
      // Any retry may follow a request that reached the target before its worker stopped, heartbeat or not.
      const resume = progressOf(previous) ?? (attempt > 1 ? {} : undefined);
      const alive = keepAliveHeartbeat(io);
      try {
        await deps.target.sync(input, input.revision, { signal, heartbeat: alive.heartbeat, detached, resume });
      } catch (err) {
        if (err instanceof DeployError) throw await failure(err, `${currentWorkflowId()}/sync`);
        throw detachedAsRetry(err);
      } finally {
        alive.stop();
      }
    },

    /**
     * Heartbeats the revision it waits for and when it began: a retry on another worker re-attaches to the same
     * operation with the same deadline. `revision` (optional) names the synced GitOps commit.
     */
    async waitHealthy(
      input: DeployRef & { expected: DeploymentState; timeoutMs: number; step: string; revision?: string },
    ): Promise<void> {
      const io = activityIo();
      const { signal, detached, previous } = io;
      const resume = { ...(input.revision ? { revision: input.revision } : {}), ...progressOf(previous) };
      const alive = keepAliveHeartbeat(io);
      try {
        const deployIo = { signal, heartbeat: alive.heartbeat, detached, resume };
        await deps.target.waitHealthy(input, input.expected, input.timeoutMs, deployIo);
      } catch (err) {
        if (err instanceof DeployError) throw await failure(err, `${currentWorkflowId()}/${input.step}-health`);
        throw detachedAsRetry(err);
      } finally {
        alive.stop();
      }
    },
  };

  /** The whole diagnosis goes to the log store; history only carries its tail and the id. */
  async function failure(err: DeployError, logId: string) {
    const writer = deps.logs.open(logId);
    writer.write(`${err.message}\n${err.diagnosis.message}\n${err.diagnosis.output}\n`);
    await writer.close();
    return nonRetryable(err.kind === 'timeout' ? ErrorType.HealthTimeout : ErrorType.DeployFailed, err.message, {
      logId,
      tail: await deps.logs.tail(logId),
    });
  }
}

/** The progress an earlier attempt heartbeated, if it is one (heartbeat details are untyped on the wire). */
function progressOf(details: unknown): Partial<DeployProgress> | undefined {
  if (!details || typeof details !== 'object') return undefined;
  const { revision, startedAt } = details as Record<string, unknown>;
  return {
    ...(typeof revision === 'string' ? { revision } : {}),
    ...(typeof startedAt === 'number' ? { startedAt } : {}),
  };
}
