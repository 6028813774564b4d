import type { ReleaseProgress } from '../domain/progress';
import { isFinished } from '../domain/release-status';
import type { Notifier, ReleaseEvent, ReleaseEventKind } from '../ports/notifier';
import type { GantryMetrics } from './registry';

/** A stage in one of these states ran (a skipped or pending rollback stage did not). */
const RAN: string[] = ['succeeded', 'failed'];

/** Remembers the last `capacity` keys (insertion order), so a long-lived worker's memory stays bounded. */
class RecentKeys {
  private readonly keys = new Set<string>();
  constructor(private readonly capacity: number) {}

  /** True the first time a key is seen. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.values().next();
      if (!oldest.done) this.keys.delete(oldest.value);
    }
    return true;
  }
}

/** What makes two deliveries the same event: a retried activity sends the identical snapshot again. */
function eventKey(kind: ReleaseEventKind, p: ReleaseProgress): string {
  const stages = p.stages.map((s) => `${s.name}:${s.state}`).join(',');
  return `${p.releaseId}|${kind}|${p.status}|${p.image}|${stages}`;
}

function seconds(from: string | undefined, to: string | undefined): number | undefined {
  if (!from || !to) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : undefined;
}

/** Records one release's outcome, stage durations, decisions and rollback from its final snapshot. */
function recordFinished(metrics: GantryMetrics, p: ReleaseProgress): void {
  const environment = p.environment;
  metrics.releasesFinished.inc({ environment, status: p.status });
  for (const stage of p.stages) {
    const duration = seconds(stage.startedAt, stage.endedAt);
    if (duration !== undefined)
      metrics.stageDuration.observe({ environment, stage: stage.name, state: stage.state }, duration);
  }
  for (const approval of p.approvals) metrics.approvals.inc({ environment, kind: approval.kind });
  if (p.stages.some((s) => s.name === 'rollback' && RAN.includes(s.state))) metrics.rollbacks.inc({ environment });
}

export interface WithMetricsOptions {
  /** How many recent events to remember for de-duplication. */
  remember?: number;
}

/**
 * Counts release events on their way to the real notifier (events already flow through the notifyRelease
 * activity, so the workflows need no change).
 *
 * Outcome, stage durations, decisions and rollbacks are recorded once per release from the final event's
 * snapshot, not as each stage ends: consecutive events of one release are usually handled by different worker
 * pods, and only the final snapshot lets a pod record every stage exactly once without shared state. A retried
 * notify activity delivers the same snapshot again and is skipped (per pod: a retry that lands on another pod is
 * counted twice, which is rare and bounded by the retry policy).
 *
 * Metrics are recorded before the inner notifier runs, so a failing chat integration does not hide releases.
 */
export function withMetrics(inner: Notifier, metrics: GantryMetrics, opts: WithMetricsOptions = {}): Notifier {
  const seen = new RecentKeys(opts.remember ?? 10_000);
  return {
    async notify(event: ReleaseEvent) {
      const p = event.progress;
      if (seen.add(eventKey(event.kind, p))) {
        metrics.releaseEvents.inc({ service: p.service, environment: p.environment, kind: event.kind });
        if (isFinished(event.kind) && seen.add(`${p.releaseId}|final`)) recordFinished(metrics, p);
      }
      return inner.notify(event);
    },
  };
}
