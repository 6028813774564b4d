"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ActivityRecorder = exports.noopLogs = exports.noopNotifier = exports.instantTarget = exports.InMemoryGitOps = exports.serviceName = exports.BENCH_USER = exports.BENCH_ENV = void 0;
exports.benchCatalog = benchCatalog;
exports.benchActivities = benchActivities;
const node_crypto_1 = require("node:crypto");
const activity_1 = require("@temporalio/activity");
const deploy_activities_1 = require("../src/activities/deploy-activities");
const notify_activities_1 = require("../src/activities/notify-activities");
const plan_activities_1 = require("../src/activities/plan-activities");
const catalog_schema_1 = require("../src/config/catalog-schema");
const deployment_1 = require("../src/domain/deployment");
exports.BENCH_ENV = 'bench';
exports.BENCH_USER = 'bench';
const serviceName = (i) => `svc-${i}`;
exports.serviceName = serviceName;
/** N services svc-0..svc-(N-1), one environment without windows, gray with automatic promotion and no bake. */
function benchCatalog(services) {
    return catalog_schema_1.catalogSchema.parse({
        languages: {
            nodejs: {
                buildImage: 'node:20',
                runtimeImage: 'node:20-slim',
                compile: 'true',
                test: 'true',
                testReport: 'report.xml',
                artifactPath: 'dist',
                start: 'node server.js',
            },
        },
        environments: { [exports.BENCH_ENV]: { releasers: ['*'], windows: [], gray: true } },
        people: { [exports.BENCH_USER]: { name: 'Bench' } },
        teams: { bench: { leads: [exports.BENCH_USER] } },
        services: Object.fromEntries(Array.from({ length: services }, (_, i) => [
            (0, exports.serviceName)(i),
            {
                repo: `${(0, exports.serviceName)(i)}.git`,
                language: 'nodejs',
                owners: [exports.BENCH_USER],
                team: 'bench',
                gray: { enabled: true, promotion: 'auto', bake: 0 },
            },
        ])),
    });
}
/** A GitOps repo in a Map: reads at head or at a revision, commits idempotent by change id. Instant. */
class InMemoryGitOps {
    head = new Map();
    revisions = new Map();
    byChange = new Map();
    async read(service, environment, revision) {
        const state = revision === undefined ? this.head.get(`${service}/${environment}`) : this.revisions.get(revision);
        return { ...(state ?? deployment_1.EMPTY_DEPLOYMENT) };
    }
    async commit(change) {
        const earlier = this.byChange.get(change.changeId);
        if (earlier)
            return { revision: earlier, alreadyApplied: true };
        const key = `${change.service}/${change.environment}`;
        const next = { ...(this.head.get(key) ?? deployment_1.EMPTY_DEPLOYMENT), ...change.set };
        const revision = (0, node_crypto_1.createHash)('sha1').update(change.changeId).digest('hex');
        this.head.set(key, next);
        this.revisions.set(revision, next);
        this.byChange.set(change.changeId, revision);
        return { revision, alreadyApplied: false };
    }
}
exports.InMemoryGitOps = InMemoryGitOps;
/** Sync and health waits that succeed at once. */
exports.instantTarget = {
    async sync() { },
    async waitHealthy() { },
};
exports.noopNotifier = { async notify() { } };
/** Never written to: the instant target never fails a health wait. */
exports.noopLogs = {
    open: () => ({ write() { }, async close() { } }),
    read: async () => '',
    tail: async () => '',
};
/** Which activity proxy of release-workflow.ts (activity-proxies.ts) calls each release activity. */
const PROXY_OF = {
    planRelease: 'quick',
    readDeployment: 'quick',
    commitDeployment: 'quick',
    syncDeployment: 'long',
    waitHealthy: 'long',
    notifyRelease: 'notify',
};
/** Every activity execution, by workflow run, in order: how many activities a release really runs. */
class ActivityRecorder {
    byRun = new Map();
    record(name) {
        const { workflowExecution: exec, activityId } = activity_1.Context.current().info;
        const key = exec ? `${exec.workflowId}/${exec.runId}` : `standalone/${activityId}`;
        const list = this.byRun.get(key) ?? [];
        list.push(name);
        this.byRun.set(key, list);
    }
    reset() {
        this.byRun.clear();
    }
    /** Average activity executions per run, and the most common sequence (as bare workflow steps). */
    summary() {
        const runs = [...this.byRun.values()];
        const total = runs.reduce((sum, r) => sum + r.length, 0);
        const counts = new Map();
        for (const r of runs)
            counts.set(r.join(','), (counts.get(r.join(',')) ?? 0) + 1);
        const [modal = ''] = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
        const sequence = modal ? modal.split(',') : [];
        const steps = sequence.map((name) => {
            const step = PROXY_OF[name];
            if (!step)
                throw new Error(`activity ${name} has no known proxy: update PROXY_OF in bench/doubles.ts`);
            return step;
        });
        return { average: runs.length ? total / runs.length : 0, sequence, steps, distinct: counts.size };
    }
}
exports.ActivityRecorder = ActivityRecorder;
function counted(activities, recorder) {
    const wrapped = Object.entries(activities).map(([name, fn]) => {
        const counting = async (...args) => {
            recorder.record(name);
            return fn(...args);
        };
        return [name, counting];
    });
    return Object.fromEntries(wrapped);
}
/** The real release activities over instant doubles, plus the bare no-op; every execution is recorded. */
function benchActivities(catalog, recorder) {
    const gitOps = new InMemoryGitOps();
    return counted({
        ...(0, plan_activities_1.createPlanActivities)({ catalog, repoBase: 'file:///nowhere' }),
        ...(0, deploy_activities_1.createDeployActivities)({ gitOps, target: exports.instantTarget, logs: exports.noopLogs }),
        ...(0, notify_activities_1.createNotifyActivities)({ notifier: exports.noopNotifier }),
        async benchNoop(_step) { },
    }, recorder);
}
//# sourceMappingURL=doubles.js.map