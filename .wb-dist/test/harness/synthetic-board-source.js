"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createSyntheticBoardSource = createSyntheticBoardSource;
const board_source_1 = require("../../src/board/board-source");
const naming_1 = require("../../src/domain/naming");
const release_status_1 = require("../../src/domain/release-status");
const STATUSES = [
    'succeeded',
    'succeeded',
    'succeeded',
    'waiting-for-window',
    'waiting-for-promotion',
    'deploying-gray',
    'failed',
    'rolled-back',
];
const digest = (n) => `sha256:${n.toString(16).padStart(8, '0').repeat(8)}`;
/** A board of `services` × `environments` with every kind of cell (running, waiting, failed), no Temporal. */
function createSyntheticBoardSource(servicesCount, envNames) {
    let reads = 0;
    const services = Array.from({ length: servicesCount }, (_, i) => ({
        name: `svc-${i}`,
        team: `team-${i % 12}`,
        owners: [`owner-${i % 37}`],
    }));
    const environments = envNames.map((name) => ({ name, timeZone: 'Asia/Shanghai' }));
    const now = Date.now();
    const cells = new Map();
    services.forEach((s, i) => environments.forEach((e, j) => {
        const status = STATUSES[(i + j) % STATUSES.length];
        const image = `registry.example/${s.name}@${digest(i * 10 + j)}`;
        const previous = `registry.example/${s.name}@${digest(i * 10 + j + 1)}`;
        const running = (0, release_status_1.isInProgress)(status);
        const progress = {
            workflowId: (0, naming_1.releaseWorkflowId)(s.name, e.name),
            releaseId: `r-${i}-${j}`,
            service: s.name,
            environment: e.name,
            image,
            previousImage: previous,
            requestedBy: 'alice',
            status,
            stages: [
                { name: 'window', state: 'succeeded', percent: 100 },
                { name: 'gray', state: status === 'deploying-gray' ? 'running' : 'succeeded', percent: 50 },
                { name: 'promotion', state: 'pending', percent: 0 },
                { name: 'full', state: 'pending', percent: 0 },
            ],
            percent: 40,
            currentStep: 'gray: waiting until healthy',
            wakeAt: status === 'waiting-for-window' ? new Date(now + 27 * 3_600_000).toISOString() : undefined,
            lastError: (0, release_status_1.isUnsuccessful)(status)
                ? { type: 'DeployFailed', message: `${image} did not become healthy\nDeployment is Degraded`, tail: 'panic' }
                : undefined,
            approvals: [],
            superseded: [],
        };
        cells.set((0, board_source_1.cellKey)(s.name, e.name), {
            service: s.name,
            environment: e.name,
            deployment: { stable: previous, gray: status === 'waiting-for-promotion' ? image : null },
            release: {
                workflowId: progress.workflowId,
                status,
                running,
                image,
                requestedBy: 'alice',
                startTime: new Date(now - 3_600_000).toISOString(),
                progress,
            },
        });
    }));
    return {
        cells,
        snapshotReads: () => reads,
        services: () => services,
        environments: () => environments,
        permittedPeople: () => ['alice', 'bob', 'carol'],
        snapshot: async () => {
            reads++;
            return { at: new Date().toISOString(), cells: new Map(cells) };
        },
        release: async (service, environment) => cells.get((0, board_source_1.cellKey)(service, environment))?.release?.progress,
        pipelines: async () => [],
        pipeline: async () => undefined,
        gitOpsCommits: async () => undefined,
        temporalUiLink: () => undefined,
    };
}
//# sourceMappingURL=synthetic-board-source.js.map