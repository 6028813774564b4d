import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  leaseRequestSignal,
  leaseWorkflowId,
  type DeployLeaseInput,
  type LeaseHolder,
  type LeaseRequest,
} from '../workflows/deploy-lease-messages';

/** Flow control's activities: they use the worker's own Temporal client (activity context), no other deps. */
export function createLeaseActivities() {
  return {
    /** Signal-with-start: queues the request at the environment's lessor, starting it if none runs. Idempotent. */
    async requestDeployLease(input: { key: string; lessor: DeployLeaseInput; request: LeaseRequest }): Promise<void> {
      const ctx = Context.current();
      await ctx.client.workflow.signalWithStart('deployLeaseWorkflow', {
        workflowId: leaseWorkflowId(input.key),
        taskQueue: ctx.info.taskQueue,
        args: [input.lessor],
        signal: leaseRequestSignal,
        signalArgs: [input.request],
      });
    },

    /** The holders whose run has ended (or is unknown): their leases are free again. */
    async findGoneLeaseHolders(holders: LeaseHolder[]): Promise<LeaseHolder[]> {
      const client = Context.current().client;
      const gone: LeaseHolder[] = [];
      for (const holder of holders) {
        try {
          const { status } = await client.workflow.getHandle(holder.workflowId, holder.runId).describe();
          if (status.name !== 'RUNNING') gone.push(holder);
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) gone.push(holder);
          else throw err;
        }
      }
      return gone;
    },
  };
}
