"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createKubernetesExecutor = createKubernetesExecutor;
const promises_1 = require("node:timers/promises");
const abort_1 = require("../../util/abort");
const load_client_1 = require("./load-client");
const pod_logs_1 = require("./pod-logs");
const pod_spec_1 = require("./pod-spec");
const pod_status_1 = require("./pod-status");
const pod_watch_1 = require("./pod-watch");
const TAIL_LINES = 40;
function createKubernetesExecutor(options) {
    const { namespace, logs } = options;
    const pollMs = options.pollMs ?? 1000;
    let clients;
    const api = () => (clients ??= (0, load_client_1.loadKubernetesClient)().then((k8s) => ({
        k8s,
        core: options.kubeConfig.makeApiClient(k8s.CoreV1Api),
    })));
    async function deletePod(core, name, uid) {
        try {
            // The uid precondition keeps a late cleanup from deleting a newer pod of the same name.
            await core.deleteNamespacedPod({ name, namespace, body: uid ? { preconditions: { uid } } : undefined });
        }
        catch (err) {
            if (!(0, load_client_1.isApiException)(err) || (err.code !== 404 && err.code !== 409))
                throw err;
        }
    }
    /** Creates the step's pod, or finds the one an earlier attempt created: one pod per execution id. */
    async function createOrAttach(core, step, log) {
        const body = (0, pod_spec_1.buildStepPod)({
            step,
            namespace,
            workspace: options.workspace,
            template: options.templates?.[step.image] ?? options.templates?.['*'],
            context: (options.context ?? defaultContext)(step),
        });
        const name = body.metadata?.name ?? (0, pod_spec_1.podName)(step.executionId, step.name);
        const marker = `[gantry] pod ${name} created`;
        for (let attempt = 0;; attempt++) {
            try {
                const pod = await core.createNamespacedPod({ namespace, body });
                log.write(`${marker} in ${namespace} (image ${body.spec?.containers[0]?.image})\n`);
                return { pod, skip: 0 };
            }
            catch (err) {
                if (!(0, load_client_1.isApiException)(err) || err.code !== 409)
                    throw err;
            }
            const existing = await core.readNamespacedPod({ name, namespace }).catch((err) => {
                if ((0, load_client_1.isApiException)(err) && err.code === 404)
                    return undefined; // Deleted in between: create again.
                throw err;
            });
            if (!existing)
                continue;
            const owner = existing.metadata?.annotations?.[pod_spec_1.EXECUTION_ID_ANNOTATION];
            if (owner !== step.executionId)
                throw new Error(`pod ${name} belongs to another execution (${owner})`);
            if (existing.metadata?.deletionTimestamp && attempt < 30) {
                // A cancelled attempt's pod is still terminating: a fresh run starts once it is gone.
                await (0, promises_1.setTimeout)(1000);
                continue;
            }
            const skip = (0, pod_logs_1.linesAlreadyCopied)(await logs.read(step.logId).catch(() => ''), marker);
            log.write(`[gantry] re-attached to pod ${name} (${skip} log lines already copied)\n`);
            return { pod: existing, skip };
        }
    }
    return {
        async run(step, io) {
            if (io.signal.aborted)
                throw (0, abort_1.abortError)(io.signal, 'the step was cancelled');
            const { k8s, core } = await api();
            const started = Date.now();
            const log = logs.open(step.logId);
            log.write(`[gantry] ${new Date(started).toISOString()} step ${step.name} on Kubernetes\n$ ${step.command}\n`);
            let created;
            try {
                created = await createOrAttach(core, step, log);
            }
            catch (err) {
                log.write(`[gantry] could not create the pod: ${(0, load_client_1.apiErrorMessage)(err)}\n`);
                await log.close();
                throw new Error(`step ${step.name}: could not create its pod: ${(0, load_client_1.apiErrorMessage)(err)}`);
            }
            const name = created.pod.metadata?.name ?? '';
            let uid = created.pod.metadata?.uid;
            const follower = new pod_logs_1.LogFollower(k8s, options.kubeConfig, { namespace, pod: name, container: pod_spec_1.STEP_CONTAINER }, log, created.skip);
            let settle;
            const outcome = new Promise((resolve) => (settle = resolve));
            let settled = false;
            const finish = (o) => {
                if (settled)
                    return;
                settled = true;
                settle(o);
            };
            const scheduleLimit = Math.min(options.scheduleTimeoutMs ?? 300_000, step.timeoutMs > 0 ? step.timeoutMs : Infinity);
            const pullGrace = options.imagePullGraceMs ?? 30_000;
            let last = (0, pod_status_1.assessPod)(created.pod);
            let everStarted = false;
            let pullSince;
            const evaluate = (pod) => {
                uid = pod.metadata?.uid ?? uid;
                last = (0, pod_status_1.assessPod)(pod);
                if ((0, pod_status_1.hasLogs)(pod)) {
                    everStarted = true;
                    void follower.ensure();
                }
                if (last.kind === 'exited' || last.kind === 'deadline')
                    return finish({ kind: 'done', assessment: last });
                if (last.kind === 'failed')
                    return finish({ kind: 'error', message: `${last.reason}: ${last.message}` });
                if (last.kind === 'waiting' && last.imagePull) {
                    pullSince ??= Date.now();
                    if (last.imagePull.reason === 'ImagePullBackOff' || Date.now() - pullSince >= pullGrace) {
                        return finish({ kind: 'error', message: `cannot pull image: ${last.imagePull.message}` });
                    }
                }
                else
                    pullSince = undefined;
            };
            evaluate(created.pod);
            // Timers the cluster does not enforce: the kubelet's deadline only counts once the pod runs.
            const scheduleTimer = setTimeout(() => {
                if (everStarted || last.kind !== 'waiting')
                    return;
                finish({
                    kind: 'error',
                    message: last.unschedulable
                        ? `pod ${name} could not be scheduled within ${Math.round(scheduleLimit / 1000)}s: ${last.unschedulable}`
                        : `pod ${name} did not start within ${Math.round(scheduleLimit / 1000)}s (${last.detail})`,
                });
            }, scheduleLimit);
            const pullTimer = setInterval(() => {
                if (last.kind === 'waiting' && last.imagePull && pullSince && Date.now() - pullSince >= pullGrace) {
                    finish({ kind: 'error', message: `cannot pull image: ${last.imagePull.message}` });
                }
            }, Math.max(250, Math.min(pullGrace, 5000)));
            const heartbeat = setInterval(() => {
                const details = { step: step.name, elapsedMs: Date.now() - started, pod: name, state: last.kind };
                try {
                    io.heartbeat(details);
                }
                catch {
                    // A failed heartbeat must not fail the step; cancellation arrives through the signal.
                }
            }, options.heartbeatIntervalMs ?? 5000);
            const onAbort = () => finish({ kind: 'cancelled' });
            io.signal.addEventListener('abort', onAbort, { once: true });
            const watcher = (0, pod_watch_1.watchPod)(k8s, options.kubeConfig, core, { namespace, name }, {
                onPod: evaluate,
                onGone: (final) => {
                    if (final)
                        evaluate(final);
                    finish({ kind: 'error', message: `pod ${name} was deleted before the step finished` });
                },
                onError: (err) => finish({ kind: 'error', message: `lost track of pod ${name}: ${(0, load_client_1.apiErrorMessage)(err)}` }),
            }, { pollMs });
            try {
                const result = await outcome;
                watcher.stop();
                const seconds = ((Date.now() - started) / 1000).toFixed(1);
                if (result.kind === 'cancelled') {
                    follower.stop();
                    if (io.detached?.()) {
                        // The worker is stopping: the pod keeps running and the retry re-attaches to it by name.
                        log.write(`[gantry] worker stopping after ${seconds}s; pod ${name} left running for the retry\n`);
                        throw (0, abort_1.abortError)(io.signal, 'the step was cancelled');
                    }
                    await deletePod(core, name, uid).catch(() => undefined);
                    log.write(`[gantry] cancelled after ${seconds}s; pod ${name} deleted\n`);
                    throw (0, abort_1.abortError)(io.signal, 'the step was cancelled');
                }
                if (result.kind === 'error') {
                    await follower.drain(everStarted ? 3000 : 0);
                    log.write(`[gantry] step failed after ${seconds}s: ${result.message}\n`);
                    await log.close();
                    await deletePod(core, name, uid).catch(() => undefined);
                    const tail = await logs.tail(step.logId, TAIL_LINES);
                    throw new Error(`step ${step.name}: ${result.message}${tail ? `\n${tail}` : ''}`);
                }
                await follower.drain(5000);
                const a = result.assessment;
                const timedOut = a.kind === 'deadline';
                const exitCode = a.kind === 'exited' ? a.exitCode : 137;
                if (a.kind === 'deadline') {
                    log.write(`[gantry] timed out after ${seconds}s (limit ${step.timeoutMs} ms): ${a.message}\n`);
                }
                else if (a.oomKilled) {
                    const limit = options.templates?.[step.image]?.resources?.limits?.['memory'];
                    log.write(`[gantry] OOMKilled: the step exceeded its memory limit${limit ? ` (${limit})` : ''}; exit code ${exitCode}\n`);
                }
                else {
                    log.write(`[gantry] exit code ${exitCode} after ${seconds}s${a.message ? `: ${a.message.trim()}` : ''}\n`);
                }
                // The step's outcome stands even if cleanup fails: the sweeper removes what is left.
                await deletePod(core, name, uid).catch((err) => log.write(`[gantry] warning: could not delete pod ${name}: ${(0, load_client_1.apiErrorMessage)(err)}\n`));
                await log.close();
                return {
                    exitCode,
                    durationMs: Date.now() - started,
                    timedOut,
                    tail: await logs.tail(step.logId, TAIL_LINES),
                    logId: step.logId,
                };
            }
            finally {
                watcher.stop();
                follower.stop();
                clearTimeout(scheduleTimer);
                clearInterval(pullTimer);
                clearInterval(heartbeat);
                io.signal.removeEventListener('abort', onAbort);
                await log.close().catch(() => undefined);
            }
        },
        async sweepOrphans(olderThanMs) {
            const { core } = await api();
            const list = await core.listNamespacedPod({ namespace, labelSelector: pod_spec_1.GANTRY_POD_SELECTOR });
            const cutoff = Date.now() - olderThanMs;
            const swept = [];
            for (const pod of list.items) {
                const createdAt = pod.metadata?.creationTimestamp;
                const name = pod.metadata?.name;
                if (!name || !createdAt || new Date(createdAt).getTime() > cutoff || pod.metadata?.deletionTimestamp)
                    continue;
                await deletePod(core, name, pod.metadata?.uid);
                swept.push(name);
            }
            return swept;
        },
    };
}
/** The release a step belongs to, from what the build activities put in the step (see executionId()). */
function defaultContext(step) {
    return {
        service: step.env['GANTRY_SERVICE'],
        environment: step.env['GANTRY_ENVIRONMENT'],
        commit: step.env['GANTRY_COMMIT'],
        workflowId: step.executionId.split('/')[0],
    };
}
//# sourceMappingURL=kubernetes-executor.js.map