import { randomUUID } from 'node:crypto';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { pipelineWorkflowId, releaseWorkflowId } from '../domain/naming';
import type { PipelineProgress, ReleaseProgress } from '../domain/progress';
import { pipelineProgressQuery, type PipelineInput } from '../workflows/pipeline-messages';
import {
  abortUpdate,
  approveEmergencyUpdate,
  progressQuery,
  promoteUpdate,
  releaseRequestSignal,
  rollbackUpdate,
  type Decision,
  type ReleaseRequest,
  type UpdateOutcome,
} from '../workflows/release-messages';
import { SA } from '../workflows/search-attributes';

export type DecisionKind = 'approve' | 'promote' | 'rollback' | 'abort';
const UPDATES = {
  approve: approveEmergencyUpdate,
  promote: promoteUpdate,
  rollback: rollbackUpdate,
  abort: abortUpdate,
};

/** A decision the workflow refused (validator or state): shown to the person as is. */
export class DecisionRejected extends Error {
  override name = 'DecisionRejected';
}

export interface ReleaseSummary {
  workflowId: string;
  service: string;
  environment: string;
  status: string;
  stage: string;
  image: string;
  triggeredBy: string;
  wakeAt?: string;
  startTime: string;
}

/**
 * The one way in to Gantry's workflows, used by the HTTP API, the CLI (through the API) and tests. Workflow ids
 * come from the naming convention, so every caller addresses the same release.
 */
export function createGantryClient(client: Client, taskQueue: string, opts: { buildTaskQueue?: string } = {}) {
  return {
    /** Starts CI for a commit; a second trigger for the same commit joins the existing run. */
    async startPipeline(input: PipelineInput): Promise<{ workflowId: string; joined: boolean }> {
      const workflowId = pipelineWorkflowId(input.service, input.environment, input.commit);
      try {
        await client.workflow.start('pipelineWorkflow', {
          taskQueue,
          workflowId,
          args: [{ buildTaskQueue: opts.buildTaskQueue, ...input }],
          // A failed build may be re-run; a successful one is not built twice.
          // A running or successful pipeline for this commit answers "already started": the caller joins it.
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        });
        return { workflowId, joined: false };
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, joined: true };
        throw err;
      }
    },

    /**
     * Sends a release request to the service/env's release workflow, starting it if none runs: a waiting release
     * is replaced by the newer image, a deploying one queues it.
     */
    async requestRelease(
      service: string,
      environment: string,
      request: Omit<ReleaseRequest, 'requestId'> & { requestId?: string },
    ): Promise<{ workflowId: string }> {
      const full: ReleaseRequest = { ...request, requestId: request.requestId ?? randomUUID() };
      const workflowId = releaseWorkflowId(service, environment);
      await client.workflow.signalWithStart('releaseWorkflow', {
        taskQueue,
        workflowId,
        args: [{ service, environment, request: full }],
        signal: releaseRequestSignal,
        signalArgs: [full],
      });
      return { workflowId };
    },

    async releaseProgress(service: string, environment: string): Promise<ReleaseProgress> {
      return client.workflow.getHandle(releaseWorkflowId(service, environment)).query(progressQuery);
    },

    async pipelineProgress(service: string, environment: string, commit: string): Promise<PipelineProgress> {
      return client.workflow.getHandle(pipelineWorkflowId(service, environment, commit)).query(pipelineProgressQuery);
    },

    /** Executes a decision as a Workflow Update; the id makes a repeated click idempotent. */
    async decide(
      service: string,
      environment: string,
      kind: DecisionKind,
      decision: Decision,
      updateId?: string,
    ): Promise<UpdateOutcome> {
      const handle = client.workflow.getHandle(releaseWorkflowId(service, environment));
      try {
        return await handle.executeUpdate(UPDATES[kind], { args: [decision], updateId });
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) throw new DecisionRejected(err.cause?.message ?? err.message);
        throw err;
      }
    },

    /** The newest successful build of a service for an environment's branch: what a manual release ships. */
    async latestBuild(
      service: string,
      environment: string,
    ): Promise<{ image: string; workflowId: string } | undefined> {
      const query = `WorkflowType = 'pipelineWorkflow' AND ExecutionStatus = 'Completed' AND GantryService = '${service}' AND GantryEnvironment = '${environment}'`;
      let newest: { image: string; workflowId: string; closed: number } | undefined;
      for await (const wf of client.workflow.list({ query })) {
        const image = wf.typedSearchAttributes.get(SA.image);
        const closed = wf.closeTime?.getTime() ?? 0;
        if (image && (!newest || closed > newest.closed)) newest = { image, workflowId: wf.workflowId, closed };
      }
      return newest && { image: newest.image, workflowId: newest.workflowId };
    },

    async listReleases(filter: 'running' | 'waiting' | 'all'): Promise<ReleaseSummary[]> {
      const clauses = [`GantryKind = 'release'`];
      if (filter !== 'all') clauses.push(`ExecutionStatus = 'Running'`);
      if (filter === 'waiting')
        clauses.push(`GantryStatus IN ('waiting-for-window', 'waiting-for-promotion', 'baking')`);
      const out: ReleaseSummary[] = [];
      for await (const wf of client.workflow.list({ query: clauses.join(' AND ') })) {
        const sa = wf.typedSearchAttributes;
        out.push({
          workflowId: wf.workflowId,
          service: sa.get(SA.service) ?? '',
          environment: sa.get(SA.environment) ?? '',
          // The workflow's own status says more (rolled-back, aborted…) unless Temporal ended it from outside.
          status: ['RUNNING', 'COMPLETED', 'FAILED', 'CONTINUED_AS_NEW'].includes(wf.status.name)
            ? (sa.get(SA.status) ?? 'pending')
            : wf.status.name.toLowerCase(),
          stage: sa.get(SA.stage) ?? '',
          image: sa.get(SA.image) ?? '',
          triggeredBy: sa.get(SA.triggeredBy) ?? '',
          wakeAt: sa.get(SA.wakeAt)?.toISOString(),
          startTime: wf.startTime.toISOString(),
        });
        if (out.length >= 500) break;
      }
      return out;
    },
  };
}

export type GantryClient = ReturnType<typeof createGantryClient>;
