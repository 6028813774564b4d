import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import { pipelineWorkflowId } from '../domain/naming';
import type { PipelineInput } from '../workflows/pipeline-messages';
import { SA } from '../workflows/search-attributes';
import { pipelineStartMetadata } from '../workflows/start-metadata';

/** What a start request did: started `workflowId`, or joined the pipeline that already has it (with its status). */
export interface PipelineStart {
  workflowId: string;
  joined: boolean;
  /** The joined pipeline's status (GantryStatus, else Temporal's), e.g. "failed": a joined failure is not re-run. */
  status?: string;
}

interface PipelineRun {
  workflowId: string;
  status: string;
  running: boolean;
  succeeded: boolean;
}

/** A re-run that makes no sense (the commit's last pipeline succeeded): answered 409 with this message. */
export class PipelineRerunRefused extends Error {
  override name = 'PipelineRerunRefused';
}

/** The n-th explicit re-run of a commit's pipeline; the first run has the plain id. */
const rerunWorkflowId = (base: string, n: number): string => (n === 0 ? base : `${base}#rerun-${n}`);

/** More re-runs than this for one commit is a loop somewhere, not people asking. */
const MAX_RERUNS = 100;

/**
 * "One pipeline per commit and environment", with Temporal as the record, so it holds across API restarts and
 * replicas: the workflow id is pipeline/<service>/<env>/<commit> and its reuse policy REJECT_DUPLICATE, so neither
 * a redelivery nor a second hook ever starts it again, whether the first run is running, succeeded or failed.
 * Re-running a failed pipeline is an explicit, audited act (`rerun`): a new id `…#rerun-N`, recorded with who asked.
 */
export function createPipelineStarts(client: Client, taskQueue: string, opts: { buildTaskQueue?: string } = {}) {
  async function describe(workflowId: string): Promise<PipelineRun> {
    const d = await client.workflow.getHandle(workflowId).describe();
    const temporal = d.status.name;
    // Ended from outside (terminated, timed out…), the workflow's own status was never updated: Temporal's says more.
    const own = ['RUNNING', 'COMPLETED', 'FAILED'].includes(temporal)
      ? d.typedSearchAttributes.get(SA.status)
      : undefined;
    return {
      workflowId,
      status: own ?? temporal.toLowerCase(),
      running: temporal === 'RUNNING',
      succeeded: temporal === 'COMPLETED',
    };
  }

  /** Every run of a commit's pipeline, first to last (the plain id, then each #rerun-N). */
  async function runsOf(base: string): Promise<PipelineRun[]> {
    const runs = [];
    for (let n = 0; n <= MAX_RERUNS; n++) {
      try {
        runs.push(await describe(rerunWorkflowId(base, n)));
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) break;
        throw err;
      }
    }
    return runs;
  }

  /** Starts `workflowId`, or reports the pipeline holding it. */
  async function startOrJoin(workflowId: string, input: PipelineInput, rerunOf?: string): Promise<PipelineStart> {
    try {
      await client.workflow.start('pipelineWorkflow', {
        taskQueue,
        workflowId,
        args: [{ buildTaskQueue: opts.buildTaskQueue, ...input }],
        ...pipelineStartMetadata(input),
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        // FAIL rather than USE_EXISTING: both leave the running pipeline alone, but only the error tells this
        // client that it joined instead of starting (the SDK does not return the server's "started" flag).
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
        // Findable before the first workflow task: who asked (for a re-run, the person who asked for it).
        typedSearchAttributes: [{ key: SA.triggeredBy, value: input.triggeredBy }],
        ...(rerunOf ? { memo: { gantryRerun: { of: rerunOf, by: input.triggeredBy } } } : {}),
      });
      return { workflowId, joined: false };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      // The commit's newest run speaks for it (a re-run after the failure it joined, if someone asked for one).
      const runs = await runsOf(pipelineWorkflowId(input.service, input.environment, input.commit));
      const latest = runs.at(-1) ?? (await describe(workflowId));
      return { workflowId: latest.workflowId, joined: true, status: latest.status };
    }
  }

  return {
    /** A push or an API call: starts the commit's pipeline once; every later request joins it, whatever its end. */
    start(input: PipelineInput): Promise<PipelineStart> {
      return startOrJoin(pipelineWorkflowId(input.service, input.environment, input.commit), input);
    },

    /**
     * An explicit re-run: a new run after the commit's last one ended without success. Joins a running one;
     * refuses after a success (nothing to re-run). Two people asking at once get the same re-run.
     */
    async rerun(input: PipelineInput): Promise<PipelineStart & { rerunOf?: string }> {
      const base = pipelineWorkflowId(input.service, input.environment, input.commit);
      const runs = await runsOf(base);
      const latest = runs.at(-1);
      if (!latest) return startOrJoin(base, input);
      if (latest.running) return { workflowId: latest.workflowId, joined: true, status: latest.status };
      if (latest.succeeded) {
        throw new PipelineRerunRefused(`${latest.workflowId} succeeded: there is nothing to re-run`);
      }
      if (runs.length > MAX_RERUNS) throw new PipelineRerunRefused(`${base} was re-run ${MAX_RERUNS} times already`);
      const started = await startOrJoin(rerunWorkflowId(base, runs.length), input, latest.workflowId);
      return { ...started, rerunOf: latest.workflowId };
    },

    /** The id of the commit's newest run (progress and results follow re-runs); the plain id when none exists. */
    async latestRunId(service: string, environment: string, commit: string): Promise<string> {
      const base = pipelineWorkflowId(service, environment, commit);
      return (await runsOf(base)).at(-1)?.workflowId ?? base;
    },
  };
}

export type PipelineStarts = ReturnType<typeof createPipelineStarts>;
