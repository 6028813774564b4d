"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.readReleaseAudit = readReleaseAudit;
const common_1 = require("@temporalio/common");
const ACTIONS = {
    approveEmergency: 'approve',
    promote: 'promote',
    rollback: 'rollback',
    abort: 'abort',
};
/** How many runs (continue-as-new) back the audit goes: a long queue of releases is cut, newest kept. */
const MAX_RUNS = 50;
const first = (payloads) => {
    const payload = payloads?.payloads?.[0];
    return payload ? common_1.defaultPayloadConverter.fromPayload(payload) : undefined;
};
const timeOf = (event) => {
    const t = event.eventTime;
    return new Date(Number(t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6)).toISOString();
};
const requestEntry = (at, runId, r) => ({
    at,
    action: 'request',
    by: r.requestedBy,
    actor: r.actor,
    reason: r.reason,
    image: r.image,
    requestId: r.requestId,
    runId,
});
/** The requests and accepted decisions of one run, in history order. Rejected updates never reach history. */
function entriesOf(events, runId) {
    const entries = [];
    let previousRunId;
    for (const event of events) {
        const at = timeOf(event);
        const started = event.workflowExecutionStartedEventAttributes;
        const signaled = event.workflowExecutionSignaledEventAttributes;
        const accepted = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
        if (started) {
            previousRunId = started.continuedExecutionRunId || undefined;
            const input = first(started.input);
            if (input)
                entries.push(requestEntry(at, runId, input.request));
        }
        else if (signaled?.signalName === 'releaseRequest') {
            const request = first(signaled.input);
            if (request)
                entries.push(requestEntry(at, runId, request));
        }
        else if (accepted?.name && ACTIONS[accepted.name]) {
            const d = first(accepted.args);
            if (d)
                entries.push({ at, action: ACTIONS[accepted.name], by: d.by, actor: d.actor, reason: d.reason, runId });
        }
    }
    return { entries, previousRunId };
}
/**
 * The audit trail of a release, from Temporal's history (the record of what was accepted, with the server's
 * times): every request and accepted decision with who (subject and person) and how, across continue-as-new
 * runs, oldest first. A request seen twice (signal-with-start's input and signal, a queued request that became
 * the next run's input, a joined duplicate) is listed once, by its request id.
 */
async function readReleaseAudit(client, workflowId) {
    const runs = [];
    let runId = (await client.workflow.getHandle(workflowId).describe()).runId;
    while (runId && runs.length < MAX_RUNS) {
        const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
        const { entries, previousRunId } = entriesOf(history.events ?? [], runId);
        runs.unshift(entries);
        runId = previousRunId;
    }
    const seen = new Set();
    return runs.flat().filter((e) => {
        if (e.action !== 'request')
            return true;
        if (e.requestId === undefined)
            return true;
        if (seen.has(e.requestId))
            return false;
        seen.add(e.requestId);
        return true;
    });
}
//# sourceMappingURL=release-audit.js.map