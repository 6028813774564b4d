import { randomUUID } from 'node:crypto';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { AuditEntry } from '../domain/actor';
import { pipelineWorkflowId, previewWorkflowId, releaseWorkflowId } from '../domain/naming';
import type { PipelineProgress, ReleaseProgress } from '../domain/progress';
import type { HealthyRun } from '../domain/promotion';
import { WAITING } from '../domain/release-status';
import { pipelineProgressQuery, type PipelineInput, type PipelineResult } from '../workflows/pipeline-messages';
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
import {
  previewProgressQuery,
  previewRequestSignal,
  type PreviewProgress,
  type PreviewRequest,
} from '../workflows/preview-messages';
import { SA } from '../workflows/search-attributes';
import { createPipelineStarts, type PipelineStart } from './pipeline-starts';
import { healthyRuns } from './healthy-runs';
import { readReleaseAudit } from './release-audit';
import { releaseStartMetadata } from '../workflows/start-metadata';

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
  constructor(
    message: string,
    /** The validator's failure type: PermissionDenied for a person who may not decide (the API answers 403). */
    readonly type?: string,
    /** For PermissionDenied, the rule that refused (src/domain/release-rules.ts). */
    readonly rule?: string,
  ) {
    super(message);
  }
}

function rejection(err: WorkflowUpdateFailedError): DecisionRejected {
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure)) return new DecisionRejected(cause?.message ?? err.message);
  const details = cause.details?.[0] as { rule?: unknown } | undefined;
  return new DecisionRejected(
    cause.message,
    cause.type ?? undefined,
    typeof details?.rule === 'string' ? details.rule : undefined,
  );
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

export interface PipelineSummary {
  workflowId: string;
  commit: string;
  status: string;
  image?: string;
  triggeredBy: string;
  startTime: string;
}

/**
 * The one way in to Gantry's workflows, used by the HTTP API, the CLI (through the API) and tests. Workflow ids
 * come from the naming convention, so every caller addresses the same release.
 */
export function createGantryClient(client: Client, taskQueue: string, opts: { buildTaskQueue?: string } = {}) {
  const pipelines = createPipelineStarts(client, taskQueue, opts);
  return {
    /**
     * Starts CI for a commit once: any later trigger (redelivery, second hook, another replica) joins that pipeline,
     * even a failed one. `rerun` is the explicit, audited re-run of a failed one (src/client/pipeline-starts.ts).
     */
    startPipeline(input: PipelineInput, options: { rerun?: boolean } = {}): Promise<PipelineStart> {
      return options.rerun ? pipelines.rerun(input) : pipelines.start(input);
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
        // Only a start uses it: a signal to a running release leaves that run's summary as it was.
        ...releaseStartMetadata({ service, environment, request: full }),
        signal: releaseRequestSignal,
        signalArgs: [full],
      });
      return { workflowId };
    },

    /** Who requested and decided what, when and how: read from the release's history (all its runs). */
    releaseAudit: (service: string, environment: string): Promise<AuditEntry[]> =>
      readReleaseAudit(client, releaseWorkflowId(service, environment)),

    /**
     * A merge request event for a service's preview (id preview/<service>/<iid>): signals the running preview, or
     * starts one. A close for a merge request without a running preview starts nothing.
     */
    async requestPreview(service: string, iid: number, request: PreviewRequest): Promise<{ workflowId: string }> {
      const workflowId = previewWorkflowId(service, iid);
      if (request.action === 'close') {
        try {
          await client.workflow.getHandle(workflowId).signal(previewRequestSignal, request);
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        }
        return { workflowId };
      }
      await client.workflow.signalWithStart('previewWorkflow', {
        taskQueue,
        workflowId,
        args: [{ service, iid, request, buildTaskQueue: opts.buildTaskQueue }],
        signal: previewRequestSignal,
        signalArgs: [request],
      });
      return { workflowId };
    },

    async previewProgress(service: string, iid: number): Promise<PreviewProgress> {
      return client.workflow.getHandle(previewWorkflowId(service, iid)).query(previewProgressQuery);
    },

    /** The previews still open (their workflows run), newest first, each as its query tells it (the board). */
    async listPreviews(limit = 50): Promise<PreviewProgress[]> {
      const open: { workflowId: string; startTime: Date }[] = [];
      const query = `WorkflowType = 'previewWorkflow' AND ExecutionStatus = 'Running'`;
      for await (const wf of client.workflow.list({ query })) {
        open.push({ workflowId: wf.workflowId, startTime: wf.startTime });
        if (open.length >= limit) break;
      }
      open.sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
      const answers = await Promise.all(
        open.map((wf) =>
          client.workflow
            .getHandle(wf.workflowId)
            .query(previewProgressQuery)
            .catch(() => undefined),
        ),
      );
      return answers.filter((p): p is PreviewProgress => p !== undefined);
    },

    async releaseProgress(service: string, environment: string): Promise<ReleaseProgress> {
      return client.workflow.getHandle(releaseWorkflowId(service, environment)).query(progressQuery);
    },

    async pipelineProgress(service: string, environment: string, commit: string): Promise<PipelineProgress> {
      const workflowId = await pipelines.latestRunId(service, environment, commit);
      return client.workflow.getHandle(workflowId).query(pipelineProgressQuery);
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
        if (err instanceof WorkflowUpdateFailedError) throw rejection(err);
        // Temporal answers "not found" for an update to a finished run: say it is over, not that it never was.
        if (err instanceof WorkflowNotFoundError) {
          const ended = await handle.describe().then(
            (d) => d.typedSearchAttributes.get(SA.status) ?? d.status.name.toLowerCase(),
            () => undefined,
          );
          if (ended) throw new DecisionRejected(`the release is ${ended}: nothing left to ${kind}`);
        }
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

    /** The releases of a service that ended healthy in an environment, newest first (src/client/healthy-runs.ts). */
    healthyRuns: (service: string, environment: string, limit = 200): Promise<HealthyRun[]> =>
      healthyRuns(client, service, environment, limit),

    /** What runs healthy where: per service, per environment, the image of the newest successful release. */
    async deployedImages(): Promise<Record<string, Record<string, HealthyRun>>> {
      const out: Record<string, Record<string, HealthyRun>> = {};
      let seen = 0;
      for await (const wf of client.workflow.list({ query: `GantryKind = 'release' AND GantryStatus = 'succeeded'` })) {
        const sa = wf.typedSearchAttributes;
        const [service, environment, image] = [sa.get(SA.service), sa.get(SA.environment), sa.get(SA.image)];
        const since = (sa.get(SA.statusSince) ?? wf.closeTime ?? wf.startTime).toISOString();
        if (service && environment && image) {
          const byEnv = (out[service] ??= {});
          const known = byEnv[environment];
          if (!known || since > known.since) byEnv[environment] = { image, since, workflowId: wf.workflowId };
        }
        if (++seen >= 5000) break;
      }
      return out;
    },

    /** The newest pipelines of a service for an environment (newest first), for the board's CI pages. */
    async listPipelines(service: string, environment: string, limit = 10): Promise<PipelineSummary[]> {
      const query = `WorkflowType = 'pipelineWorkflow' AND GantryService = '${service}' AND GantryEnvironment = '${environment}'`;
      const out: PipelineSummary[] = [];
      for await (const wf of client.workflow.list({ query })) {
        const sa = wf.typedSearchAttributes;
        out.push({
          workflowId: wf.workflowId,
          commit: wf.workflowId.split('/').at(-1) ?? '',
          status: sa.get(SA.status) ?? wf.status.name.toLowerCase(),
          image: sa.get(SA.image),
          triggeredBy: sa.get(SA.triggeredBy) ?? '',
          startTime: wf.startTime.toISOString(),
        });
        if (out.length >= 200) break;
      }
      return out.sort((a, b) => b.startTime.localeCompare(a.startTime)).slice(0, limit);
    },

    /** A finished pipeline's result (test counts, coverage, image); undefined while it runs or when it failed. */
    async pipelineResult(service: string, environment: string, commit: string): Promise<PipelineResult | undefined> {
      const handle = client.workflow.getHandle(pipelineWorkflowId(service, environment, commit));
      const { status } = await handle.describe();
      return status.name === 'COMPLETED' ? ((await handle.result()) as PipelineResult) : undefined;
    },

    async listReleases(filter: 'running' | 'waiting' | 'all'): Promise<ReleaseSummary[]> {
      const clauses = [`GantryKind = 'release'`];
      if (filter !== 'all') clauses.push(`ExecutionStatus = 'Running'`);
      if (filter === 'waiting') clauses.push(`GantryStatus IN (${WAITING.map((status) => `'${status}'`).join(', ')})`);
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
