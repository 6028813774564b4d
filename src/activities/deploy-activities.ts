import type { DeploymentState } from '../domain/deployment';
import { ErrorType, nonRetryable } from '../errors';
import { DeployError, type DeployRef, type DeployTarget } from '../ports/deploy-target';
import type { CommitOutcome, DeploymentChange, GitOpsRepo } from '../ports/git-ops';
import type { LogStore } from '../ports/log-store';
import { activityIo, currentWorkflowId } from './activity-io';

export interface DeployDeps {
  gitOps: GitOpsRepo;
  target: DeployTarget;
  logs: LogStore;
}

export function createDeployActivities(deps: DeployDeps) {
  return {
    async readDeployment(ref: DeployRef): Promise<DeploymentState> {
      return deps.gitOps.read(ref.service, ref.environment);
    },

    /** Idempotent by changeId: a retry or a replayed worker finds the earlier commit instead of committing again. */
    async commitDeployment(change: DeploymentChange): Promise<CommitOutcome> {
      return deps.gitOps.commit(change);
    },

    async syncDeployment(input: DeployRef & { revision: string }): Promise<void> {
      const { signal, heartbeat } = activityIo();
      try {
        await deps.target.sync(input, input.revision, { signal, heartbeat });
      } catch (err) {
        if (err instanceof DeployError) throw await failure(err, `${currentWorkflowId()}/sync`);
        throw err;
      }
    },

    async waitHealthy(
      input: DeployRef & { expected: DeploymentState; timeoutMs: number; step: string },
    ): Promise<void> {
      const { signal, heartbeat } = activityIo();
      try {
        await deps.target.waitHealthy(input, input.expected, input.timeoutMs, { signal, heartbeat });
      } catch (err) {
        if (err instanceof DeployError) throw await failure(err, `${currentWorkflowId()}/${input.step}-health`);
        throw err;
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
