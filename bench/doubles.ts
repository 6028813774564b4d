import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { createDeployActivities } from '../src/activities/deploy-activities';
import { createNotifyActivities } from '../src/activities/notify-activities';
import { createPlanActivities } from '../src/activities/plan-activities';
import { catalogSchema, type Catalog } from '../src/config/catalog-schema';
import { EMPTY_DEPLOYMENT, type DeploymentState } from '../src/domain/deployment';
import type { DeployTarget } from '../src/ports/deploy-target';
import type { CommitOutcome, DeploymentChange, GitOpsRepo } from '../src/ports/git-ops';
import type { LogStore } from '../src/ports/log-store';
import type { Notifier } from '../src/ports/notifier';
import type { BenchStep } from './bench-workflows';

export const BENCH_ENV = 'bench';
export const BENCH_USER = 'bench';
export const serviceName = (i: number): string => `svc-${i}`;

/** The one language the bench services use: its commands never run (builds are not benchmarked). */
export const BENCH_LANGUAGES = {
  nodejs: {
    buildImage: 'node:20',
    runtimeImage: 'node:20-slim',
    compile: 'true',
    test: 'true',
    testReport: 'report.xml',
    artifactPath: 'dist',
    start: 'node server.js',
  },
};

/** N services svc-0..svc-(N-1), one environment without windows, gray with automatic promotion and no bake. */
export function benchCatalog(services: number): Catalog {
  return catalogSchema.parse({
    languages: BENCH_LANGUAGES,
    environments: { [BENCH_ENV]: { releasers: ['*'], windows: [], gray: true } },
    people: { [BENCH_USER]: { name: 'Bench' } },
    teams: { bench: { leads: [BENCH_USER] } },
    services: Object.fromEntries(
      Array.from({ length: services }, (_, i) => [
        serviceName(i),
        {
          repo: `${serviceName(i)}.git`,
          language: 'nodejs',
          owners: [BENCH_USER],
          team: 'bench',
          gray: { enabled: true, promotion: 'auto', bake: 0 },
        },
      ]),
    ),
  });
}

/** A GitOps repo in a Map: reads at head or at a revision, commits idempotent by change id. Instant. */
export class InMemoryGitOps implements GitOpsRepo {
  private readonly head = new Map<string, DeploymentState>();
  private readonly revisions = new Map<string, DeploymentState>();
  private readonly byChange = new Map<string, string>();

  async read(service: string, environment: string, revision?: string): Promise<DeploymentState> {
    const state = revision === undefined ? this.head.get(`${service}/${environment}`) : this.revisions.get(revision);
    return { ...(state ?? EMPTY_DEPLOYMENT) };
  }

  async commit(change: DeploymentChange): Promise<CommitOutcome> {
    const earlier = this.byChange.get(change.changeId);
    if (earlier) return { revision: earlier, alreadyApplied: true };
    const key = `${change.service}/${change.environment}`;
    const next = { ...(this.head.get(key) ?? EMPTY_DEPLOYMENT), ...change.set };
    const revision = createHash('sha1').update(change.changeId).digest('hex');
    this.head.set(key, next);
    this.revisions.set(revision, next);
    this.byChange.set(change.changeId, revision);
    return { revision, alreadyApplied: false };
  }
}

/** Sync and health waits that succeed at once. */
export const instantTarget: DeployTarget = {
  async sync() {},
  async waitHealthy() {},
};

export const noopNotifier: Notifier = { async notify() {} };

/** Never written to: the instant target never fails a health wait. */
export const noopLogs: LogStore = {
  open: () => ({ write() {}, async close() {} }),
  read: async () => '',
  tail: async () => '',
};

/** Which activity proxy of release-workflow.ts (activity-proxies.ts) calls each release activity. */
const PROXY_OF: Record<string, BenchStep> = {
  planRelease: 'quick',
  readDeployment: 'quick',
  commitDeployment: 'quick',
  syncDeployment: 'long',
  waitHealthy: 'long',
  notifyRelease: 'notify',
};

/** Every activity execution, by workflow run, in order: how many activities a release really runs. */
export class ActivityRecorder {
  readonly byRun = new Map<string, string[]>();

  record(name: string): void {
    const { workflowExecution: exec, activityId } = Context.current().info;
    const key = exec ? `${exec.workflowId}/${exec.runId}` : `standalone/${activityId}`;
    const list = this.byRun.get(key) ?? [];
    list.push(name);
    this.byRun.set(key, list);
  }

  reset(): void {
    this.byRun.clear();
  }

  /** Average activity executions per run, and the most common sequence (as bare workflow steps). */
  summary(): { average: number; sequence: string[]; steps: BenchStep[]; distinct: number } {
    const runs = [...this.byRun.values()];
    const total = runs.reduce((sum, r) => sum + r.length, 0);
    const counts = new Map<string, number>();
    for (const r of runs) counts.set(r.join(','), (counts.get(r.join(',')) ?? 0) + 1);
    const [modal = ''] = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    const sequence = modal ? modal.split(',') : [];
    const steps = sequence.map((name) => {
      const step = PROXY_OF[name];
      if (!step) throw new Error(`activity ${name} has no known proxy: update PROXY_OF in bench/doubles.ts`);
      return step;
    });
    return { average: runs.length ? total / runs.length : 0, sequence, steps, distinct: counts.size };
  }
}

type ActivityFn = (...args: never[]) => Promise<unknown>;

function counted<T extends Record<string, ActivityFn>>(activities: T, recorder: ActivityRecorder): T {
  const wrapped = Object.entries(activities).map(([name, fn]) => {
    const counting = async (...args: never[]): Promise<unknown> => {
      recorder.record(name);
      return fn(...args);
    };
    return [name, counting] as const;
  });
  return Object.fromEntries(wrapped) as T;
}

/** The real release activities over instant doubles, plus the bare no-op; every execution is recorded. */
export function benchActivities(catalog: Catalog, recorder: ActivityRecorder) {
  const gitOps = new InMemoryGitOps();
  return counted(
    {
      ...createPlanActivities({ catalog, repoBase: 'file:///nowhere' }),
      ...createDeployActivities({ gitOps, target: instantTarget, logs: noopLogs }),
      ...createNotifyActivities({ notifier: noopNotifier }),
      async benchNoop(_step: number): Promise<void> {},
    },
    recorder,
  );
}
