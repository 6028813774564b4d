import { ParentClosePolicy, getExternalWorkflowHandle, log, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { releaseWorkflowId } from '../domain/naming';
import type { PipelineInput } from './pipeline-messages';
import { releaseRequestSignal, type ReleaseRequest } from './release-messages';
import { releaseWorkflow } from './release-workflow';
import { releaseStartMetadata } from './start-metadata';

/**
 * Starts the environment's release as a child that outlives this run, or, when a release is already running
 * there, signals it: it replaces a waiting release or queues behind a deploying one. Returns its workflow id.
 */
export async function handOver(input: PipelineInput, request: ReleaseRequest): Promise<string> {
  const workflowId = releaseWorkflowId(input.service, input.environment);
  for (let attempt = 1; ; attempt++) {
    try {
      await startChild(releaseWorkflow, {
        workflowId,
        args: [{ service: input.service, environment: input.environment, request }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        // User metadata for the Temporal UI: not compared on replay.
        ...releaseStartMetadata({ service: input.service, environment: input.environment, request }),
      });
      return workflowId;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    try {
      await getExternalWorkflowHandle(workflowId).signal(releaseRequestSignal, request);
      return workflowId;
    } catch (err) {
      // The running release finished between the two calls: start a new one.
      log.info('release finished while handing over; starting again', { attempt, error: (err as Error).message });
      if (attempt >= 5) throw err;
    }
  }
}
