import { ErrorType, nonRetryable } from '../errors';
import type { LogStore } from '../ports/log-store';
import type { BuiltPackage, PackageStore } from '../ports/package-store';
import { activityIo, currentWorkflowId, executionId } from './activity-io';
import type { StepInput } from './build-activities';

export interface PackageDeps {
  /** Where packages go (artifact: package): the embedded OCI layout, or the registry through oras. */
  packages?: PackageStore;
  logs: LogStore;
}

export function createPackageActivities(deps: PackageDeps) {
  return {
    /** The pipeline's `package` step, instead of `image`: packs the build output and stores it content-addressed. */
    async buildPackage(input: StepInput & { commit: string; repository: string; tag: string }): Promise<BuiltPackage> {
      const { signal, heartbeat } = activityIo();
      const logId = `${currentWorkflowId()}/package`;
      if (!deps.packages) {
        throw nonRetryable(
          ErrorType.PackageBuildFailed,
          'the catalog asks for a package but this worker has no package store',
          {
            logId,
          },
        );
      }
      try {
        return await deps.packages.publish(
          { ...input, executionId: executionId('package'), logId },
          { signal, heartbeat },
        );
      } catch (err) {
        if (signal.aborted) throw err;
        throw nonRetryable(ErrorType.PackageBuildFailed, `package build failed: ${(err as Error).message}`, {
          logId,
          tail: await deps.logs.tail(logId),
        });
      }
    },
  };
}
