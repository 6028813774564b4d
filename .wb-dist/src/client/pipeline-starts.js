"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PipelineRerunRefused = void 0;
exports.createPipelineStarts = createPipelineStarts;
const client_1 = require("@temporalio/client");
const naming_1 = require("../domain/naming");
const search_attributes_1 = require("../workflows/search-attributes");
const start_metadata_1 = require("../workflows/start-metadata");
/** A re-run that makes no sense (the commit's last pipeline succeeded): answered 409 with this message. */
class PipelineRerunRefused extends Error {
    name = 'PipelineRerunRefused';
}
exports.PipelineRerunRefused = PipelineRerunRefused;
/** The n-th explicit re-run of a commit's pipeline; the first run has the plain id. */
const rerunWorkflowId = (base, n) => (n === 0 ? base : `${base}#rerun-${n}`);
/** More re-runs than this for one commit is a loop somewhere, not people asking. */
const MAX_RERUNS = 100;
/**
 * "One pipeline per commit and environment", with Temporal as the record, so it holds across API restarts and
 * replicas: the workflow id is pipeline/<service>/<env>/<commit> and its reuse policy REJECT_DUPLICATE, so neither
 * a redelivery nor a second hook ever starts it again, whether the first run is running, succeeded or failed.
 * Re-running a failed pipeline is an explicit, audited act (`rerun`): a new id `…#rerun-N`, recorded with who asked.
 */
function createPipelineStarts(client, taskQueue, opts = {}) {
    async function describe(workflowId) {
        const d = await client.workflow.getHandle(workflowId).describe();
        const temporal = d.status.name;
        // Ended from outside (terminated, timed out…), the workflow's own status was never updated: Temporal's says more.
        const own = ['RUNNING', 'COMPLETED', 'FAILED'].includes(temporal)
            ? d.typedSearchAttributes.get(search_attributes_1.SA.status)
            : undefined;
        return {
            workflowId,
            status: own ?? temporal.toLowerCase(),
            running: temporal === 'RUNNING',
            succeeded: temporal === 'COMPLETED',
        };
    }
    /** Every run of a commit's pipeline, first to last (the plain id, then each #rerun-N). */
    async function runsOf(base) {
        const runs = [];
        for (let n = 0; n <= MAX_RERUNS; n++) {
            try {
                runs.push(await describe(rerunWorkflowId(base, n)));
            }
            catch (err) {
                if (err instanceof client_1.WorkflowNotFoundError)
                    break;
                throw err;
            }
        }
        return runs;
    }
    /** Starts `workflowId`, or reports the pipeline holding it. */
    async function startOrJoin(workflowId, input, rerunOf) {
        try {
            await client.workflow.start('pipelineWorkflow', {
                taskQueue,
                workflowId,
                args: [{ buildTaskQueue: opts.buildTaskQueue, ...input }],
                ...(0, start_metadata_1.pipelineStartMetadata)(input),
                workflowIdReusePolicy: client_1.WorkflowIdReusePolicy.REJECT_DUPLICATE,
                // FAIL rather than USE_EXISTING: both leave the running pipeline alone, but only the error tells this
                // client that it joined instead of starting (the SDK does not return the server's "started" flag).
                workflowIdConflictPolicy: client_1.WorkflowIdConflictPolicy.FAIL,
                // Findable before the first workflow task: who asked (for a re-run, the person who asked for it).
                typedSearchAttributes: [{ key: search_attributes_1.SA.triggeredBy, value: input.triggeredBy }],
                ...(rerunOf ? { memo: { gantryRerun: { of: rerunOf, by: input.triggeredBy } } } : {}),
            });
            return { workflowId, joined: false };
        }
        catch (err) {
            if (!(err instanceof client_1.WorkflowExecutionAlreadyStartedError))
                throw err;
            // The commit's newest run speaks for it (a re-run after the failure it joined, if someone asked for one).
            const runs = await runsOf((0, naming_1.pipelineWorkflowId)(input.service, input.environment, input.commit));
            const latest = runs.at(-1) ?? (await describe(workflowId));
            return { workflowId: latest.workflowId, joined: true, status: latest.status };
        }
    }
    return {
        /** A push or an API call: starts the commit's pipeline once; every later request joins it, whatever its end. */
        start(input) {
            return startOrJoin((0, naming_1.pipelineWorkflowId)(input.service, input.environment, input.commit), input);
        },
        /**
         * An explicit re-run: a new run after the commit's last one ended without success. Joins a running one;
         * refuses after a success (nothing to re-run). Two people asking at once get the same re-run.
         */
        async rerun(input) {
            const base = (0, naming_1.pipelineWorkflowId)(input.service, input.environment, input.commit);
            const runs = await runsOf(base);
            const latest = runs.at(-1);
            if (!latest)
                return startOrJoin(base, input);
            if (latest.running)
                return { workflowId: latest.workflowId, joined: true, status: latest.status };
            if (latest.succeeded) {
                throw new PipelineRerunRefused(`${latest.workflowId} succeeded: there is nothing to re-run`);
            }
            if (runs.length > MAX_RERUNS)
                throw new PipelineRerunRefused(`${base} was re-run ${MAX_RERUNS} times already`);
            const started = await startOrJoin(rerunWorkflowId(base, runs.length), input, latest.workflowId);
            return { ...started, rerunOf: latest.workflowId };
        },
        /** The id of the commit's newest run (progress and results follow re-runs); the plain id when none exists. */
        async latestRunId(service, environment, commit) {
            const base = (0, naming_1.pipelineWorkflowId)(service, environment, commit);
            return (await runsOf(base)).at(-1)?.workflowId ?? base;
        },
    };
}
//# sourceMappingURL=pipeline-starts.js.map