"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.startArgoCdServer = startArgoCdServer;
const node_http_1 = __importDefault(require("node:http"));
const ts = (seconds) => new Date(Date.UTC(2030, 0, 1) + seconds * 1000).toISOString().slice(0, 19) + 'Z';
/**
 * An Argo CD API server double on 127.0.0.1: the endpoints of contracts.md, Bearer auth, and a per-app scripted
 * state machine. Time moves by polls, not by the clock, so tests are fast and deterministic.
 */
async function startArgoCdServer(opts = {}) {
    const token = opts.token ?? 'test-token';
    const apps = new Map();
    const requests = [];
    const deleted = [];
    const waiters = [];
    const record = (r) => {
        requests.push(r);
        for (const w of [...waiters]) {
            if (w.match(r)) {
                waiters.splice(waiters.indexOf(w), 1);
                w.resolve(r);
            }
        }
    };
    const server = node_http_1.default.createServer((req, res) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
            const url = new URL(req.url ?? '/', 'http://double');
            const text = Buffer.concat(chunks).toString('utf8');
            let body;
            try {
                body = text ? JSON.parse(text) : undefined;
            }
            catch {
                body = text;
            }
            const [status, answer] = handle(req.method ?? 'GET', url, req.headers.authorization, body);
            record({
                method: req.method ?? 'GET',
                path: url.pathname,
                query: Object.fromEntries(url.searchParams),
                body,
                status,
            });
            res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
        });
    });
    function handle(method, url, auth, body) {
        if (!auth)
            return grpcError(401, 16, 'no session information');
        if (auth !== `Bearer ${token}`)
            return grpcError(401, 16, 'invalid session: token signature is invalid');
        if (url.pathname === '/api/v1/applications' && method === 'POST')
            return create(body, url.searchParams);
        const m = /^\/api\/v1\/applications\/([^/]+)(\/[a-z-]+)?$/.exec(url.pathname);
        if (!m)
            return grpcError(404, 5, `no route for ${method} ${url.pathname}`);
        const name = decodeURIComponent(m[1] ?? '');
        if (opts.autoRegister && !apps.has(name))
            addApp(name, opts.autoRegister);
        const sim = apps.get(name);
        // Argo CD does not tell an unknown app from a forbidden one.
        if (!sim)
            return grpcError(403, 7, 'permission denied');
        const route = `${method} ${m[2] ?? ''}`;
        switch (route) {
            case 'DELETE ': {
                // Argo CD deletes through the app's finalizer: with cascade its resources go first, then the app.
                const cascade = url.searchParams.get('cascade') !== 'false';
                apps.delete(name);
                deleted.push({ name, cascade, namespace: sim.namespace });
                return [200, {}];
            }
            case 'GET ':
                if (!sim.held)
                    advance(sim);
                return [200, render(name, sim)];
            case 'POST /sync': {
                if (sim.operation)
                    return grpcError(400, 9, 'another operation is already in progress');
                const req = (body ?? {});
                const revision = req.revision || 'HEAD';
                // A scripted sequence: each sync may follow its own scenario (e.g. gray healthy, full degraded, rollback healthy).
                sim.scenario = sim.queued.shift() ?? sim.scenario;
                sim.operation = { sync: { revision, prune: req.prune } };
                sim.op = { phase: 'Running', message: 'syncing', startedAt: ts(sim.clock), operation: sim.operation };
                sim.step = 0;
                return [200, render(name, sim)];
            }
            case 'DELETE /operation':
                if (!sim.operation)
                    return grpcError(400, 3, 'Unable to terminate operation. No operation is in progress');
                if (sim.op)
                    sim.op = { ...sim.op, phase: 'Terminating' };
                return [200, {}];
            case 'GET /resource-tree':
                return [200, { nodes: nodes(sim) }];
            case 'GET /managed-resources':
                return [200, { items: [] }];
            case 'GET /events':
                return eventsOf(name, sim, url.searchParams);
            case 'POST /rollback':
                // Gantry must never call it (contracts.md): answered as Argo CD does for an auto-sync app.
                return grpcError(400, 9, 'rollback cannot be initiated when auto-sync is enabled');
            default:
                return grpcError(404, 5, `no route for ${route}`);
        }
    }
    /**
     * `POST /api/v1/applications?upsert=…`: a new app, Synced and Healthy at `r0` until Gantry syncs it. An existing
     * app with the same spec is answered as is; a different spec is refused unless upsert, as Argo CD does.
     */
    function create(body, query) {
        const app = body;
        const name = app?.metadata?.name;
        if (!name || !/^[a-z0-9][a-z0-9.-]{0,52}$/.test(name))
            return grpcError(400, 3, `invalid application name: ${String(name)}`);
        if (!app.spec?.destination?.namespace && !app.spec?.destination?.server && !app.spec?.destination?.name)
            return grpcError(400, 3, 'application destination spec is invalid: missing destination');
        const existing = apps.get(name);
        if (existing && JSON.stringify(existing.spec) !== JSON.stringify(app.spec) && query.get('upsert') !== 'true') {
            return grpcError(400, 3, `existing application spec is different, use upsert flag to force update`);
        }
        if (!existing) {
            const labels = app.metadata?.labels ?? {};
            addApp(name, opts.createdScenario ?? 'healthy', {
                namespace: app.spec.destination.namespace,
                workload: labels['gantry.io/service'],
            });
        }
        const sim = apps.get(name);
        sim.spec = structuredClone(app.spec);
        sim.labels = app.metadata?.labels;
        return [200, render(name, sim)];
    }
    /** One poll: the scripted next state of the app. */
    function advance(sim) {
        const t = ++sim.clock;
        if (sim.op?.phase === 'Terminating') {
            finish(sim, t, 'Failed', 'Operation terminated');
            sim.step = undefined;
            return;
        }
        if (sim.busy > 0 && --sim.busy === 0)
            finish(sim, t, 'Succeeded', 'successfully synced (all tasks run)');
        if (sim.step === undefined)
            return;
        const step = ++sim.step;
        const revision = sim.operation?.sync.revision ?? sim.revision;
        const synced = () => {
            sim.syncStatus = 'Synced';
            sim.revision = revision;
            if (sim.op)
                sim.op.syncResult = { revision, resources: [deploymentResult(sim, 'Synced', 'deployment.apps/x configured')] };
        };
        switch (sim.scenario) {
            case 'sync-failed':
                if (step === 1)
                    sim.syncStatus = 'OutOfSync';
                if (step === 2) {
                    const why = 'admission webhook "validate.policy" denied the request: image must be pinned by digest';
                    finish(sim, t, 'Failed', `one or more objects failed to apply, reason: ${why}`);
                    if (sim.op)
                        sim.op.syncResult = { revision, resources: [deploymentResult(sim, 'SyncFailed', why)] };
                    sim.reconciledAt = t;
                }
                return;
            case 'hang':
                if (step === 1)
                    sim.syncStatus = 'OutOfSync';
                if (step === 2) {
                    synced();
                    Object.assign(sim, { health: 'Progressing', stage: 'progressing' });
                    if (sim.op)
                        sim.op.message = `waiting for healthy state of apps/Deployment/${sim.workload}`;
                }
                return;
            default: // healthy, degraded, busy-then-healthy
                if (step === 1)
                    sim.syncStatus = 'OutOfSync';
                if (step === 2) {
                    synced();
                    Object.assign(sim, { health: 'Progressing', stage: 'progressing' });
                }
                if (step === 3)
                    finish(sim, t, 'Succeeded', 'successfully synced (all tasks run)');
                if (sim.scenario === 'degraded' && step === 4) {
                    Object.assign(sim, { health: 'Degraded', stage: 'degraded', reconciledAt: t });
                }
                if (sim.scenario !== 'degraded' && step === 4)
                    Object.assign(sim, { health: 'Healthy', stage: 'healthy' });
                // One reconcile after the operation, on a later poll: what `argocd app wait` waits for.
                if (sim.scenario !== 'degraded' && step === 5)
                    sim.reconciledAt = t;
        }
    }
    function finish(sim, t, phase, message) {
        sim.operation = undefined;
        if (sim.op)
            sim.op = { ...sim.op, phase, message, finishedAt: ts(t) };
    }
    const deploymentResult = (sim, status, message) => {
        return { group: 'apps', kind: 'Deployment', namespace: sim.namespace, name: sim.workload, status, message };
    };
    const podName = (sim) => `${sim.workload}-7d9f8c6b5-x2x9k`;
    function nodes(sim) {
        const { namespace, workload, stage } = sim;
        const rs = `${workload}-7d9f8c6b5`;
        const health = (degraded, progressing) => {
            if (stage === 'degraded')
                return { status: 'Degraded', message: degraded };
            return stage === 'progressing' ? { status: 'Progressing', message: progressing } : { status: 'Healthy' };
        };
        const rollout = 'Waiting for rollout to finish: 0 of 1 updated replicas are available...';
        const backOff = `back-off 5m0s restarting failed container=${workload} pod=${podName(sim)}`;
        const reason = stage === 'degraded' ? 'CrashLoopBackOff' : 'Running';
        const deployment = health(`Deployment "${workload}" exceeded its progress deadline`, rollout);
        const apps = { group: 'apps', version: 'v1', namespace };
        const pod = { version: 'v1', kind: 'Pod', namespace, name: podName(sim), uid: 'uid-pod', health: health(backOff) };
        return [
            { ...apps, kind: 'Deployment', name: workload, uid: 'uid-deploy', health: deployment },
            { ...apps, kind: 'ReplicaSet', name: rs, uid: 'uid-rs', health: { status: 'Healthy' } },
            {
                ...pod,
                info: [{ name: 'Status Reason', value: reason }],
                parentRefs: [{ group: 'apps', kind: 'ReplicaSet', namespace, name: rs, uid: 'uid-rs' }],
            },
        ];
    }
    function eventsOf(name, sim, query) {
        const uid = query.get('resourceUID') ?? '';
        const resourceName = query.get('resourceName') ?? '';
        const t = ts(sim.clock);
        if (!uid && !resourceName) {
            const started = {
                type: 'Normal',
                reason: 'OperationStarted',
                message: 'Initiated manual sync',
                lastTimestamp: t,
            };
            const items = sim.step === undefined ? [] : [{ ...started, involvedObject: { kind: 'Application', name } }];
            return [200, { items }];
        }
        const node = nodes(sim).find((n) => n.uid === uid && n.name === resourceName && (n.namespace ?? '') === (query.get('resourceNamespace') ?? ''));
        if (!node)
            return grpcError(400, 3, `${resourceName} not found as part of application ${name}`);
        const involvedObject = { kind: node.kind, name: node.name, namespace: node.namespace, uid };
        const items = [];
        if (node.kind === 'Pod' && sim.stage === 'degraded') {
            const message = `Back-off restarting failed container ${sim.workload} in pod ${node.name}_${sim.namespace}(${uid})`;
            items.push({ type: 'Warning', reason: 'BackOff', message, count: 7, lastTimestamp: t, involvedObject });
        }
        if (node.kind === 'Pod' && sim.stage === 'progressing') {
            const message = 'Readiness probe failed: HTTP probe failed with statuscode: 503';
            items.push({ type: 'Warning', reason: 'Unhealthy', message, count: 3, lastTimestamp: t, involvedObject });
        }
        return [200, { items }];
    }
    function render(name, sim) {
        const deploymentHealth = nodes(sim)[0]?.health;
        // Apps are <service>-<environment> and render that environment's GitOps values file (contracts.md).
        const environment = name.startsWith(`${sim.workload}-`) ? name.slice(sim.workload.length + 1) : name;
        return {
            metadata: { name, namespace: 'argocd', uid: `uid-${name}`, ...(sim.labels ? { labels: sim.labels } : {}) },
            spec: sim.spec ?? {
                project: 'default',
                source: {
                    repoURL: 'https://git.test/gitops.git',
                    path: 'charts/service',
                    targetRevision: 'main',
                    helm: { valueFiles: [`../../environments/${environment}/${sim.workload}.yaml`] },
                },
                destination: { server: 'https://kubernetes.default.svc', namespace: sim.namespace },
            },
            ...(sim.operation ? { operation: structuredClone(sim.operation) } : {}),
            status: {
                sync: { status: sim.syncStatus, revision: sim.revision },
                health: { status: sim.health },
                ...(sim.op ? { operationState: structuredClone(sim.op) } : {}),
                reconciledAt: ts(sim.reconciledAt),
                resources: [
                    {
                        group: 'apps',
                        version: 'v1',
                        kind: 'Deployment',
                        namespace: sim.namespace,
                        name: sim.workload,
                        status: sim.syncStatus,
                        health: deploymentHealth,
                    },
                ],
            },
        };
    }
    /** Registers an app, Synced and Healthy at revision `r0`, that will follow `scenario` once synced. */
    function addApp(name, scenario, o = {}) {
        const busy = scenario === 'busy-then-healthy' ? 3 : 0;
        const old = {
            phase: 'Succeeded',
            message: 'successfully synced',
            startedAt: ts(0),
            finishedAt: ts(0),
        };
        const running = { phase: 'Running', message: 'syncing (auto-sync)', startedAt: ts(0) };
        apps.set(name, {
            scenario,
            queued: [],
            namespace: o.namespace ?? name,
            workload: o.workload ?? name.replace(/-[^-]+$/, ''),
            clock: 1,
            busy,
            syncStatus: busy ? 'OutOfSync' : 'Synced',
            revision: 'r0',
            health: 'Healthy',
            stage: 'stable',
            operation: busy ? { sync: { revision: 'r-auto' } } : undefined,
            op: busy ? running : old,
            reconciledAt: 1,
        });
    }
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address();
    return {
        url: `http://127.0.0.1:${port}`,
        token,
        requests,
        /** Apps deleted through the API, in order. */
        deleted,
        addApp,
        /** The scenarios the next syncs follow, one per sync; after them the last one stays. */
        queueScenarios(name, scenarios) {
            const sim = apps.get(name);
            if (!sim)
                throw new Error(`no app ${name}`);
            sim.queued.push(...scenarios);
        },
        /** Freezes (true) or resumes (false) the app's scripted progress: e.g. a rollout that takes a while. */
        hold(name, held) {
            const sim = apps.get(name);
            if (!sim)
                throw new Error(`no app ${name}`);
            sim.held = held;
        },
        /** The app as the next GET would show it, without advancing time. */
        peek: (name) => {
            const sim = apps.get(name);
            return sim && render(name, sim);
        },
        /** What the pod's container printed: read through a `kubeLogs` stub in tests. */
        podLog(namespace, pod) {
            const sim = [...apps.values()].find((s) => s.namespace === namespace && podName(s) === pod);
            if (!sim)
                throw new Error(`pods "${pod}" not found in ${namespace}`);
            if (sim.stage !== 'degraded')
                return 'listening on :8080\n';
            return [
                'starting hello',
                'loading config',
                'Error: DATABASE_URL is not set',
                '    at main (/app/server.js:12:11)',
            ].join('\n');
        },
        /** Resolves when a request matching `match` has been answered (at once if one already was). */
        waitForRequest(match) {
            const seen = requests.find(match);
            if (seen)
                return Promise.resolve(seen);
            return new Promise((resolve) => waiters.push({ match, resolve }));
        },
        close: () => new Promise((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        }),
    };
}
function grpcError(status, code, message) {
    return [status, { error: message, code, message }];
}
//# sourceMappingURL=argocd-server.js.map