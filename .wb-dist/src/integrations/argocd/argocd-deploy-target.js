"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createArgoCdDeployTarget = createArgoCdDeployTarget;
const promises_1 = require("node:timers/promises");
const naming_1 = require("../../domain/naming");
const deploy_target_1 = require("../../ports/deploy-target");
const abort_1 = require("../../util/abort");
const argocd_client_1 = require("./argocd-client");
const preview_apps_1 = require("./preview-apps");
const TAIL_LINES = 40;
const MAX_EVENTS = 10;
/** Bounds the extra reads a diagnosis makes (events per node, log tails). */
const MAX_NODES = 5;
const MAX_PODS = 3;
/**
 * Argo CD as the deploy target: one app per service and environment (`deployAppName`) renders both tracks from
 * the GitOps values file. A sync is pinned to the GitOps commit; rollback is another Git commit plus a sync, so
 * Argo CD's rollback endpoint (refused while auto-sync is on) is never used.
 */
function createArgoCdDeployTarget(options) {
    const { client } = options;
    const pollMs = options.pollMs ?? 2000;
    const busyTimeoutMs = options.busyTimeoutMs ?? 10 * 60_000;
    /** The revision last synced per app, so a wait can tell our result from an older one. Lost on a worker restart. */
    const synced = new Map();
    const sleep = (ms, signal) => (0, promises_1.setTimeout)(Math.max(0, ms), undefined, { signal }).catch(() => undefined);
    /** Stops a running operation; best effort (it may just have finished), with its own deadline. */
    const terminate = async (name) => {
        try {
            await client.terminateOperation(name, { signal: AbortSignal.timeout(10_000) });
            return true;
        }
        catch {
            return false;
        }
    };
    /** Polls until no operation runs on the app: the Argo CD answer to "another operation is already in progress". */
    const waitForIdle = async (name, begin, io) => {
        const deadline = Date.now() + busyTimeoutMs;
        for (;;) {
            if (io.signal.aborted)
                return;
            const app = await client.getApp(name, { signal: io.signal });
            const phase = app.status?.operationState?.phase;
            if (!app.operation && phase !== 'Running' && phase !== 'Terminating')
                return;
            const running = `${phase ?? 'requested'}${opMessage(app)}`;
            if (Date.now() >= deadline) {
                const message = `another operation on Argo CD app ${name} was still running after ${duration(busyTimeoutMs)}: ${running}`;
                throw new deploy_target_1.DeployError(message, { message, output: '' }, 'timeout');
            }
            io.heartbeat({
                phase: `waiting for the running operation on ${name} (${running})`,
                elapsedMs: Date.now() - begin,
            });
            await sleep(pollMs, io.signal);
        }
    };
    /** Whether the app's current or last operation is a sync to `revision` that runs or succeeded: ours to join. */
    const ourOperation = async (name, revision, signal) => {
        const app = await client.getApp(name, { signal });
        const op = app.status?.operationState;
        if (app.operation?.sync?.revision === revision)
            return true;
        const opRevision = op?.operation?.sync?.revision ?? op?.syncResult?.revision;
        return opRevision === revision && (op?.phase === 'Running' || op?.phase === 'Succeeded');
    };
    return {
        // Previews get an app of their own (src/integrations/argocd/preview-apps.ts).
        ...(0, preview_apps_1.createPreviewApps)(client),
        async sync(ref, revision, io) {
            const name = (0, naming_1.deployAppName)(ref.service, ref.environment);
            const begin = Date.now();
            let requested = false;
            try {
                // A retry (the previous attempt's worker stopped) re-attaches to the operation that attempt started.
                if (io.resume && (await ourOperation(name, revision, io.signal))) {
                    synced.set(name, revision);
                    io.heartbeat({ phase: `sync of ${name} at ${revision} already started`, elapsedMs: 0, revision });
                    return;
                }
                for (;;) {
                    if (io.signal.aborted)
                        break;
                    try {
                        requested = true;
                        await client.sync(name, { revision, prune: options.prune ?? true }, { signal: io.signal });
                        synced.set(name, revision);
                        io.heartbeat({ phase: `sync of ${name} at ${revision} started`, elapsedMs: Date.now() - begin, revision });
                        return;
                    }
                    catch (err) {
                        if (!(err instanceof argocd_client_1.ArgoCdError && err.operationInProgress))
                            throw err;
                        requested = false;
                        await waitForIdle(name, begin, io);
                    }
                }
            }
            catch (err) {
                if (!io.signal.aborted)
                    throw asDeployError(err, name, `sync at ${revision}`);
            }
            // A person's cancel: once our request may have reached Argo CD, the operation it started is ours to stop. A
            // worker stop (detached) leaves it running: the retry re-attaches to it.
            if (requested && !io.detached?.())
                await terminate(name);
            throw (0, abort_1.abortError)(io.signal);
        },
        async waitHealthy(ref, expected, timeoutMs, io) {
            const name = (0, naming_1.deployAppName)(ref.service, ref.environment);
            // What we wait on survives a worker stop through the heartbeat: a retry keeps the revision and the deadline.
            const revision = io.resume?.revision ?? synced.get(name);
            const begin = io.resume?.startedAt ?? Date.now();
            const deadline = begin + timeoutMs;
            const progress = (phase) => ({ phase, elapsedMs: Date.now() - begin, revision, startedAt: begin });
            let app;
            let lastError;
            let first = true;
            for (;;) {
                if (io.signal.aborted) {
                    // A person's cancel mid-sync: the running operation must not keep going (a stuck "Syncing" outlives the
                    // release). A worker stop only ends this wait; the operation goes on and the retry waits for it.
                    if (!io.detached?.() && (!app || isRunning(app)))
                        await terminate(name);
                    throw (0, abort_1.abortError)(io.signal);
                }
                try {
                    // The first read asks for a compare with Git now rather than at Argo CD's next poll.
                    app = await client.getApp(name, { refresh: first ? 'normal' : undefined, signal: io.signal });
                    first = false;
                    lastError = undefined;
                }
                catch (err) {
                    if (io.signal.aborted)
                        continue;
                    if (!(err instanceof argocd_client_1.ArgoCdError && err.transient))
                        throw asDeployError(err, name, 'read');
                    lastError = err.message;
                }
                if (app) {
                    const verdict = assess(app, revision);
                    if (verdict.done)
                        return;
                    if (verdict.failed) {
                        const message = `Argo CD app ${name} ${verdict.failed}`;
                        throw new deploy_target_1.DeployError(message, await explainFailure(client, app, options.kubeLogs, expected), 'failed');
                    }
                    io.heartbeat(progress(`waiting for ${name}: ${verdict.pending.join('; ')}`));
                    if (Date.now() >= deadline) {
                        const pending = [...verdict.pending, ...(lastError ? [`last error: ${lastError}`] : [])];
                        const message = `Argo CD app ${name} not Healthy within ${duration(timeoutMs)}: ${pending.join('; ')}`;
                        const diagnosis = await explainFailure(client, app, options.kubeLogs, expected);
                        // A stuck operation would block the rollback sync that follows ("another operation is in progress").
                        if (isRunning(app) && (await terminate(name)))
                            diagnosis.output += '\nThe running operation was terminated.';
                        throw new deploy_target_1.DeployError(message, diagnosis, 'timeout');
                    }
                }
                else {
                    // Argo CD unreachable so far: keep trying until the deadline, showing the last error.
                    io.heartbeat(progress(`reading ${name}: ${lastError}`));
                    if (Date.now() >= deadline) {
                        const message = `Argo CD app ${name} not Healthy within ${duration(timeoutMs)}: never read (${lastError})`;
                        throw new deploy_target_1.DeployError(message, { message, output: lastError ?? '' }, 'timeout');
                    }
                }
                await sleep(Math.min(pollMs, deadline - Date.now()), io.signal);
            }
        },
    };
}
/**
 * `argocd app wait` semantics: Synced at our revision, Healthy, no operation, the operation finished and one
 * reconcile after it (so health is judged on the new state, not on what ran before the sync).
 */
function assess(app, revision) {
    const status = app.status ?? {};
    const op = status.operationState;
    const sync = status.sync?.status ?? 'Unknown';
    const health = status.health?.status ?? 'Unknown';
    // Our commit was synced if the operation carried it, or the app compares at it. status.sync.revision alone can
    // move on to a later commit of the shared GitOps repo (another service's change) and still be Synced.
    const opRevision = op?.syncResult?.revision ?? op?.operation?.sync?.revision;
    const atRevision = !revision || status.sync?.revision === revision || opRevision === revision;
    if (op && (op.phase === 'Failed' || op.phase === 'Error') && (!revision || opRevision === revision)) {
        return { done: false, failed: `sync ${op.phase}${op.message ? `: ${op.message}` : ''}`, pending: [] };
    }
    const finishedAt = op?.finishedAt;
    const reconciled = !!finishedAt && !!status.reconciledAt && Date.parse(status.reconciledAt) >= Date.parse(finishedAt);
    const settled = atRevision && !app.operation && op?.phase === 'Succeeded' && reconciled;
    // Before the sync settles, Degraded may describe the release being replaced (e.g. during a rollback).
    if (settled && health === 'Degraded') {
        return {
            done: false,
            failed: `is Degraded${status.health?.message ? `: ${status.health.message}` : ''}`,
            pending: [],
        };
    }
    const pending = [];
    if (health !== 'Healthy')
        pending.push(`health ${health}`);
    if (sync !== 'Synced' || !atRevision) {
        pending.push(`sync ${sync} at ${status.sync?.revision ?? 'no revision'}${revision ? `, expected ${revision}` : ''}`);
    }
    if (app.operation || (op && op.phase !== 'Succeeded'))
        pending.push(`operation ${op?.phase ?? 'requested'}${opMessage(app)}`);
    else if (!op)
        pending.push('no sync operation seen');
    else if (!reconciled)
        pending.push('not reconciled since the operation finished');
    return { done: pending.length === 0 && settled, pending };
}
const isRunning = (app) => {
    const phase = app.status?.operationState?.phase;
    return !!app.operation || phase === 'Running' || phase === 'Terminating';
};
const opMessage = (app) => {
    const message = app.status?.operationState?.message;
    return message ? ` (${message})` : '';
};
function duration(ms) {
    return ms < 1000 ? `${ms}ms` : `${+(ms / 1000).toFixed(1)}s`;
}
/** Refusals that retrying cannot fix become a DeployError (non-retryable, with a clear sentence); others retry. */
function asDeployError(err, name, action) {
    if (!(err instanceof argocd_client_1.ArgoCdError) || err.transient)
        return err;
    let message = `Argo CD refused ${action} of app ${name}: ${err.message}`;
    if (err.status === 401)
        message = `Argo CD rejected the API token (HTTP 401) on ${action} of app ${name}: ${err.serverMessage}`;
    if (err.status === 403) {
        message = `Argo CD app ${name} does not exist or the token may not use it (HTTP 403 on ${action}: ${err.serverMessage})`;
    }
    if (/auto-sync currently set to/i.test(err.serverMessage)) {
        // Not confirmed against a Gantry-managed app: auto-sync apps tracking a branch reject a sync pinned to a commit.
        message += '; Gantry syncs a pinned GitOps commit, so turn off auto-sync for this app or let it track the commit';
    }
    return new deploy_target_1.DeployError(message, { message: err.serverMessage, output: '' }, 'failed');
}
/** WHY the app is not healthy, from everything Argo CD knows; each read is best effort. */
async function explainFailure(client, app, kubeLogs, expected) {
    const name = app.metadata.name;
    const status = app.status ?? {};
    const op = status.operationState;
    const why = [];
    const out = [
        `app ${name}: sync ${status.sync?.status ?? 'Unknown'} at ${status.sync?.revision ?? '-'}, ` +
            `health ${status.health?.status ?? 'Unknown'}${status.health?.message ? ` (${status.health.message})` : ''}`,
    ];
    if (op) {
        out.push(`operation ${op.phase}: ${op.message ?? ''} (started ${op.startedAt ?? '-'}, finished ${op.finishedAt ?? '-'})`);
        if (op.message && op.phase !== 'Succeeded')
            why.push(`operation ${op.phase}: ${op.message}`);
    }
    const failed = (op?.syncResult?.resources ?? []).filter((r) => (r.status && r.status !== 'Synced' && r.status !== 'Pruned') ||
        r.hookPhase === 'Failed' ||
        r.hookPhase === 'Error');
    if (failed.length)
        out.push('--- failed sync results ---');
    for (const r of failed) {
        const line = `${r.kind} ${objectName(r)}: ${r.status ?? ''}${r.hookPhase ? ` hook ${r.hookPhase}` : ''} ${r.message ?? ''}`;
        out.push(line.trim());
        why.push(line.trim());
    }
    const images = status.summary?.images;
    for (const image of [expected.stable, expected.gray]) {
        // A hint only: the chart may render the reference differently (tag and digest), so it never gates the wait.
        if (image && images && !images.includes(image))
            out.push(`expected image ${image} is not among ${images.join(', ')}`);
    }
    let nodes = [];
    try {
        nodes = (await client.resourceTree(name)).nodes ?? [];
    }
    catch (err) {
        out.push(`(resource tree unavailable: ${err.message})`);
    }
    const unhealthy = nodes.filter((n) => n.health?.status && n.health.status !== 'Healthy');
    if (unhealthy.length)
        out.push('--- unhealthy resources ---');
    for (const n of unhealthy) {
        const reason = n.info?.find((i) => i.name === 'Status Reason')?.value;
        const line = `${n.kind} ${objectName(n)}: ${n.health?.status}${n.health?.message ? ` - ${n.health.message}` : ''}`;
        out.push(reason ? `${line} [${reason}]` : line);
        if (why.length < 3)
            why.push(line);
    }
    const events = [];
    const sources = [undefined, ...unhealthy.slice(0, MAX_NODES)];
    for (const n of sources) {
        try {
            const resource = n && { namespace: n.namespace, name: n.name, uid: n.uid };
            events.push(...((await client.events(name, resource)).items ?? []));
        }
        catch (err) {
            out.push(`(events of ${n ? `${n.kind} ${n.name}` : name} unavailable: ${err.message})`);
        }
    }
    const warnings = dedupe(events.filter((e) => e.type === 'Warning'))
        .sort((a, b) => eventTime(a).localeCompare(eventTime(b)))
        .slice(-MAX_EVENTS);
    if (warnings.length)
        out.push('--- warning events ---');
    for (const e of warnings) {
        const obj = e.involvedObject ?? {};
        const count = e.count && e.count > 1 ? ` (x${e.count})` : '';
        out.push(`${eventTime(e)} ${obj.kind ?? ''} ${obj.name ?? ''} ${e.reason ?? ''}: ${e.message ?? ''}${count}`);
    }
    if (kubeLogs) {
        for (const pod of unhealthy.filter((n) => n.kind === 'Pod').slice(0, MAX_PODS)) {
            const ref = { namespace: pod.namespace ?? '', name: pod.name };
            let text;
            try {
                text = (await kubeLogs(ref)).trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
            }
            catch (err) {
                text = `(logs unavailable: ${err.message})`;
            }
            out.push(`--- logs of pod ${objectName(pod)} ---`, text);
        }
    }
    return { message: why.length ? why.join('\n') : (out[0] ?? ''), output: out.join('\n') };
}
const objectName = (r) => r.namespace ? `${r.namespace}/${r.name}` : r.name;
const eventTime = (e) => e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? '';
function dedupe(events) {
    const seen = new Map();
    for (const e of events)
        seen.set(`${e.involvedObject?.uid ?? e.involvedObject?.name}|${e.reason}|${e.message}`, e);
    return [...seen.values()];
}
//# sourceMappingURL=argocd-deploy-target.js.map