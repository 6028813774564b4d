import type { BoardEnvironment, BoardService, BoardSource, CellData } from '../../src/board/board-source';
import { cellKey } from '../../src/board/board-source';
import { releaseWorkflowId } from '../../src/domain/naming';
import type { ReleaseProgress, ReleaseStatus } from '../../src/domain/progress';
import { isInProgress, isUnsuccessful } from '../../src/domain/release-status';

const STATUSES: ReleaseStatus[] = [
  'succeeded',
  'succeeded',
  'succeeded',
  'waiting-for-window',
  'waiting-for-promotion',
  'deploying-gray',
  'failed',
  'rolled-back',
];

const digest = (n: number) => `sha256:${n.toString(16).padStart(8, '0').repeat(8)}`;

/** A board of `services` × `environments` with every kind of cell (running, waiting, failed), no Temporal. */
export function createSyntheticBoardSource(
  servicesCount: number,
  envNames: string[],
): BoardSource & { cells: Map<string, CellData>; snapshotReads: () => number } {
  let reads = 0;
  const services: BoardService[] = Array.from({ length: servicesCount }, (_, i) => ({
    name: `svc-${i}`,
    team: `team-${i % 12}`,
    owners: [`owner-${i % 37}`],
  }));
  const environments: BoardEnvironment[] = envNames.map((name) => ({ name, timeZone: 'Asia/Shanghai' }));
  const now = Date.now();
  const cells = new Map<string, CellData>();
  services.forEach((s, i) =>
    environments.forEach((e, j) => {
      const status = STATUSES[(i + j) % STATUSES.length]!;
      const image = `registry.example/${s.name}@${digest(i * 10 + j)}`;
      const previous = `registry.example/${s.name}@${digest(i * 10 + j + 1)}`;
      const running = isInProgress(status);
      const progress: ReleaseProgress = {
        workflowId: releaseWorkflowId(s.name, e.name),
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
        lastError: isUnsuccessful(status)
          ? { type: 'DeployFailed', message: `${image} did not become healthy\nDeployment is Degraded`, tail: 'panic' }
          : undefined,
        approvals: [],
        superseded: [],
      };
      cells.set(cellKey(s.name, e.name), {
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
    }),
  );
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
    release: async (service, environment) => cells.get(cellKey(service, environment))?.release?.progress,
    pipelines: async () => [],
    pipeline: async () => undefined,
    gitOpsCommits: async () => undefined,
    temporalUiLink: () => undefined,
  };
}
