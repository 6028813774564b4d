"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createGantryBoardSource = createGantryBoardSource;
const permissions_1 = require("../domain/permissions");
const board_source_1 = require("./board-source");
const release_status_1 = require("../domain/release-status");
const ACTION_LISTS = {
    release: 'releasers',
    approve: 'emergencyApprovers',
    promote: 'approvers',
    rollback: 'approvers',
    abort: 'approvers',
};
/** The board's data over the Gantry client (visibility + progress queries) and the catalog. */
function createGantryBoardSource(opts) {
    const { gantry, catalog } = opts;
    // A closed release never changes: its progress is read once.
    const closedProgress = new Map();
    const queryProgress = async (r) => {
        const running = (0, release_status_1.isInProgress)(r.status);
        const cacheKey = `${r.workflowId}@${r.startTime}`;
        if (!running && closedProgress.has(cacheKey))
            return closedProgress.get(cacheKey);
        const progress = await gantry.releaseProgress(r.service, r.environment).catch(() => undefined);
        // The query answers for the newest run of the id: only cache it when it is this run's.
        if (!running && (!progress || progress.image === r.image))
            closedProgress.set(cacheKey, progress);
        return progress;
    };
    return {
        services: () => Object.entries(catalog.services).map(([name, s]) => ({ name, team: s.team, owners: [...s.owners] })),
        environments: () => Object.entries(catalog.environments).map(([name, e]) => ({ name, timeZone: e.timeZone })),
        permittedPeople: (service, environment, action) => {
            const spec = catalog.environments[environment];
            return spec ? (0, permissions_1.resolvePrincipals)(catalog, service, spec[ACTION_LISTS[action]]) : [];
        },
        async snapshot() {
            const all = await gantry.listReleases('all');
            const newest = new Map();
            const lastGood = new Map();
            for (const r of all) {
                const key = (0, board_source_1.cellKey)(r.service, r.environment);
                const seen = newest.get(key);
                if (!seen || seen.startTime < r.startTime)
                    newest.set(key, r);
                if (r.status === 'succeeded' && (lastGood.get(key) ?? '') < `${r.startTime} ${r.image}`) {
                    lastGood.set(key, `${r.startTime} ${r.image}`);
                }
            }
            const summaries = [...newest.values()];
            const progress = await mapLimited(summaries, opts.queryConcurrency ?? 8, queryProgress);
            const cells = new Map();
            summaries.forEach((r, i) => {
                const key = (0, board_source_1.cellKey)(r.service, r.environment);
                const p = progress[i];
                const release = {
                    workflowId: r.workflowId,
                    status: p?.status ?? r.status,
                    running: (0, release_status_1.isInProgress)(r.status),
                    image: r.image,
                    requestedBy: p?.requestedBy ?? r.triggeredBy,
                    startTime: r.startTime,
                    progress: p,
                };
                const stable = lastGood.get(key)?.split(' ')[1] ?? null;
                cells.set(key, {
                    service: r.service,
                    environment: r.environment,
                    deployment: deploymentOf(release, stable),
                    release,
                });
            });
            return { at: new Date().toISOString(), cells };
        },
        release: (service, environment) => gantry.releaseProgress(service, environment).catch((err) => {
            if (err.name === 'WorkflowNotFoundError')
                return undefined;
            throw err;
        }),
        pipelines: (service, environment) => gantry.listPipelines(service, environment),
        async pipeline(service, environment, commit) {
            const progress = await gantry.pipelineProgress(service, environment, commit).catch((err) => {
                if (err.name === 'WorkflowNotFoundError')
                    return undefined;
                throw err;
            });
            if (!progress)
                return undefined;
            const result = await gantry.pipelineResult(service, environment, commit).catch(() => undefined);
            return { progress, result };
        },
        gitOpsCommits: async (service, environment) => opts.gitOpsHistory?.(service, environment),
        temporalUiLink: (workflowId) => opts.temporalUiUrl
            ? `${opts.temporalUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(opts.namespace ?? 'default')}/workflows/${encodeURIComponent(workflowId)}`
            : undefined,
    };
}
/** What runs, told by the newest release: gray exists between its gray deploy and full; stable is the last good. */
function deploymentOf(release, lastSucceeded) {
    const p = release.progress;
    if (release.status === 'succeeded')
        return { stable: release.image, gray: null };
    const gray = p?.stages.find((s) => s.name === 'gray');
    const grayUp = release.running && release.status !== 'rolling-back' && gray?.state === 'succeeded';
    return { stable: p?.previousImage ?? lastSucceeded, gray: grayUp ? release.image : null };
}
async function mapLimited(items, limit, fn) {
    const out = new Array(items.length);
    let next = 0;
    const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i]);
        }
    });
    await Promise.all(lanes);
    return out;
}
//# sourceMappingURL=gantry-board-source.js.map