import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { rejectionReason } from '../../src/metrics/http-metrics';
import { gantryRouteOf } from '../../src/server/http-server';
import { withMetrics } from '../../src/metrics/notifier-metrics';
import { createGantryMetrics, type GantryMetrics } from '../../src/metrics/registry';
import type { ReleaseProgress, StageProgress } from '../../src/domain/progress';
import type { Notifier, ReleaseEvent, ReleaseEventKind } from '../../src/ports/notifier';

const T0 = Date.parse('2025-03-04T02:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/** A release snapshot as the workflow sends it; `stageList` as [name, state, startedAt s, endedAt s]. */
function snapshot(
  over: Partial<ReleaseProgress> & { stageList?: [string, StageProgress['state'], number?, number?][] } = {},
): ReleaseProgress {
  const { stageList = [], ...rest } = over;
  return {
    workflowId: 'release/orders/prod',
    releaseId: 'release/orders/prod@run-1',
    service: 'orders',
    environment: 'prod',
    image: 'registry.example.com/orders@sha256:1',
    previousImage: null,
    requestedBy: 'alice',
    status: 'pending',
    stages: stageList.map(([name, state, start, end]) => ({
      name,
      state,
      percent: 0,
      startedAt: start === undefined ? undefined : at(start),
      endedAt: end === undefined ? undefined : at(end),
    })),
    percent: 0,
    currentStep: '',
    approvals: [],
    superseded: [],
    ...rest,
  };
}

const event = (kind: ReleaseEventKind, progress: ReleaseProgress): ReleaseEvent => ({ kind, progress, mention: [] });

/** The summed value of a series with these labels, read from the registry as Prometheus would see it. */
async function value(metrics: GantryMetrics, name: string, labels: Record<string, string>): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name.replace(/_(bucket|count|sum)$/, ''));
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  return values
    .filter((v) => ((v as { metricName?: string }).metricName ?? name) === name)
    .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
    .reduce((sum, v) => sum + v.value, 0);
}

describe('withMetrics', () => {
  const delivered: ReleaseEvent[] = [];
  const inner: Notifier = { notify: async (e) => void delivered.push(e) };
  beforeEach(() => (delivered.length = 0));

  const released = snapshot({
    status: 'succeeded',
    approvals: [
      { kind: 'emergency', by: 'bob', at: at(10), reason: 'INC-7' },
      { kind: 'promote', by: 'alice', at: at(500) },
    ],
    stageList: [
      ['window', 'succeeded', 0, 10],
      ['gray', 'succeeded', 10, 130],
      ['promotion', 'succeeded', 130, 500],
      ['full', 'succeeded', 500, 620],
    ],
  });

  it('counts each event once, passes it on, and records the outcome once per release', async () => {
    const metrics = createGantryMetrics();
    const notifier = withMetrics(inner, metrics);
    const waiting = snapshot({ status: 'waiting-for-window', stageList: [['window', 'waiting', 0]] });
    await notifier.notify(event('waiting-for-window', waiting));
    await notifier.notify(event('waiting-for-window', waiting)); // a retried activity
    await notifier.notify(event('succeeded', released));
    await notifier.notify(event('succeeded', released));

    expect(delivered).toHaveLength(4);
    const labels = { service: 'orders', environment: 'prod' };
    expect(await value(metrics, 'gantry_release_events_total', { ...labels, kind: 'waiting-for-window' })).toBe(1);
    expect(await value(metrics, 'gantry_release_events_total', { ...labels, kind: 'succeeded' })).toBe(1);
    expect(await value(metrics, 'gantry_releases_finished_total', { environment: 'prod', status: 'succeeded' })).toBe(
      1,
    );
    expect(await value(metrics, 'gantry_approvals_total', { environment: 'prod', kind: 'emergency' })).toBe(1);
    expect(await value(metrics, 'gantry_approvals_total', { environment: 'prod', kind: 'promote' })).toBe(1);
    expect(await value(metrics, 'gantry_rollbacks_total', { environment: 'prod' })).toBe(0);
    const gray = { environment: 'prod', stage: 'gray', state: 'succeeded' };
    expect(await value(metrics, 'gantry_release_stage_duration_seconds_count', gray)).toBe(1);
    expect(await value(metrics, 'gantry_release_stage_duration_seconds_sum', gray)).toBe(120);
    expect(await value(metrics, 'gantry_release_stage_duration_seconds_bucket', { ...gray, le: '60' })).toBe(0);
    expect(await value(metrics, 'gantry_release_stage_duration_seconds_bucket', { ...gray, le: '300' })).toBe(1);
  });

  it('counts a new request of the same release (another image) as a new event', async () => {
    const metrics = createGantryMetrics();
    const notifier = withMetrics(inner, metrics);
    const waiting = snapshot({ status: 'waiting-for-window', stageList: [['window', 'waiting', 0]] });
    await notifier.notify(event('waiting-for-window', waiting));
    await notifier.notify(event('waiting-for-window', { ...waiting, image: 'registry.example.com/orders@sha256:2' }));
    const labels = { service: 'orders', environment: 'prod', kind: 'waiting-for-window' };
    expect(await value(metrics, 'gantry_release_events_total', labels)).toBe(2);
  });

  it('records a rollback, its duration only where the stage has both times, and failed stages', async () => {
    const metrics = createGantryMetrics();
    const notifier = withMetrics(inner, metrics);
    const rolledBack = snapshot({
      environment: 'test',
      status: 'rolled-back',
      approvals: [{ kind: 'rollback', by: 'bob', at: at(200), reason: 'errors' }],
      stageList: [
        ['window', 'skipped', undefined, 0],
        ['gray', 'failed', 0, 200],
        ['promotion', 'pending'],
        ['full', 'pending'],
        ['rollback', 'succeeded', undefined, 230],
      ],
    });
    await notifier.notify(event('rolled-back', rolledBack));
    expect(await value(metrics, 'gantry_rollbacks_total', { environment: 'test' })).toBe(1);
    expect(await value(metrics, 'gantry_releases_finished_total', { environment: 'test', status: 'rolled-back' })).toBe(
      1,
    );
    expect(await value(metrics, 'gantry_approvals_total', { environment: 'test', kind: 'rollback' })).toBe(1);
    const count = (stage: string, state: string) =>
      value(metrics, 'gantry_release_stage_duration_seconds_count', { environment: 'test', stage, state });
    expect(await count('gray', 'failed')).toBe(1);
    expect(await count('rollback', 'succeeded')).toBe(0);
    expect(await count('window', 'skipped')).toBe(0);
  });

  it('records metrics even when the inner notifier fails, and the failure still reaches the activity', async () => {
    const metrics = createGantryMetrics();
    const failing: Notifier = { notify: () => Promise.reject(new Error('chat is down')) };
    await expect(withMetrics(failing, metrics).notify(event('succeeded', released))).rejects.toThrow('chat is down');
    expect(await value(metrics, 'gantry_releases_finished_total', { environment: 'prod', status: 'succeeded' })).toBe(
      1,
    );
  });

  it('returns what the inner notifier returned (the card reference)', async () => {
    const notifier = withMetrics({ notify: async () => ({ cardRef: 'card-1' }) }, createGantryMetrics());
    await expect(notifier.notify(event('started', snapshot()))).resolves.toEqual({ cardRef: 'card-1' });
  });
});

describe('HTTP route templates and rejection reasons', () => {
  it.each([
    ['/healthz', '/healthz'],
    ['/hooks/gitlab', '/hooks/gitlab'],
    ['/hooks/evil', '/hooks/:unknown'],
    ['/hooks/feishu/card', '/hooks/feishu/card'],
    ['/hooks/gitlab/extra', '/hooks/:unknown'],
    ['/api/releases', '/api/releases'],
    ['/api/releases/orders/prod', '/api/releases/:service/:environment'],
    ['/api/releases/orders/prod/promote', '/api/releases/:service/:environment/promote'],
    ['/api/releases/orders/prod/explode', 'unmatched'],
    ['/api/pipelines/orders/dev/abc123', '/api/pipelines/:service/:environment/:commit'],
    ['/api/logs/build/orders/1', '/api/logs/:id'],
    ['/wp-login.php', 'unmatched'],
  ])('%s → %s', (path, route) => expect(gantryRouteOf('GET', path)).toBe(route));

  it('names why a delivery was refused', () => {
    expect(rejectionReason(202)).toBeUndefined();
    expect(rejectionReason(401)).toBe('unauthorized');
    expect(rejectionReason(413)).toBe('too-large');
    expect(rejectionReason(415)).toBe('unsupported-media-type');
    expect(rejectionReason(500)).toBe('server-error');
    expect(rejectionReason(503)).toBe('unavailable');
  });
});

describe('the Grafana dashboard', () => {
  // Names the Temporal SDK's core emits (prefix temporal_, no _total or unit suffix; checked against a live scrape).
  const SDK = [
    'temporal_workflow_task_schedule_to_start_latency',
    'temporal_activity_schedule_to_start_latency',
    'temporal_activity_execution_latency',
    'temporal_activity_execution_failed',
    'temporal_worker_task_slots_available',
  ];
  const dashboard = JSON.parse(
    readFileSync(resolve(__dirname, '../../charts/gantry/dashboards/gantry.json'), 'utf8'),
  ) as { panels: { title: string; targets?: { expr: string }[] }[] };
  const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  const used = new Set(exprs.flatMap((e) => e.match(/\b(gantry|temporal)_[a-z_]+/g) ?? []));

  it('queries only metrics that Gantry or the Temporal SDK export', async () => {
    const ours = new Set((await createGantryMetrics().registry.getMetricsAsJSON()).map((m) => m.name));
    const unknown = [...used].filter(
      (name) => !ours.has(name.replace(/_(bucket|count|sum)$/, '')) && !SDK.includes(name.replace(/_bucket$/, '')),
    );
    expect(unknown).toEqual([]);
  });

  it('shows every Gantry metric', async () => {
    const ours = (await createGantryMetrics().registry.getMetricsAsJSON()).map((m) => m.name);
    const shown = [...used].map((name) => name.replace(/_(bucket|count|sum)$/, ''));
    expect(ours.filter((name) => !shown.includes(name))).toEqual([]);
  });
});
