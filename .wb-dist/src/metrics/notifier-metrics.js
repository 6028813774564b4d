"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.withMetrics = withMetrics;
const release_status_1 = require("../domain/release-status");
/** A stage in one of these states ran (a skipped or pending rollback stage did not). */
const RAN = ['succeeded', 'failed'];
/** Remembers the last `capacity` keys (insertion order), so a long-lived worker's memory stays bounded. */
class RecentKeys {
    capacity;
    keys = new Set();
    constructor(capacity) {
        this.capacity = capacity;
    }
    /** True the first time a key is seen. */
    add(key) {
        if (this.keys.has(key))
            return false;
        this.keys.add(key);
        if (this.keys.size > this.capacity) {
            const oldest = this.keys.values().next();
            if (!oldest.done)
                this.keys.delete(oldest.value);
        }
        return true;
    }
}
/** What makes two deliveries the same event: a retried activity sends the identical snapshot again. */
function eventKey(kind, p) {
    const stages = p.stages.map((s) => `${s.name}:${s.state}`).join(',');
    return `${p.releaseId}|${kind}|${p.status}|${p.image}|${stages}`;
}
function seconds(from, to) {
    if (!from || !to)
        return undefined;
    const ms = Date.parse(to) - Date.parse(from);
    return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : undefined;
}
/** Records one release's outcome, stage durations, decisions and rollback from its final snapshot. */
function recordFinished(metrics, p) {
    const environment = p.environment;
    metrics.releasesFinished.inc({ environment, status: p.status });
    for (const stage of p.stages) {
        const duration = seconds(stage.startedAt, stage.endedAt);
        if (duration !== undefined)
            metrics.stageDuration.observe({ environment, stage: stage.name, state: stage.state }, duration);
    }
    for (const approval of p.approvals)
        metrics.approvals.inc({ environment, kind: approval.kind });
    if (p.stages.some((s) => s.name === 'rollback' && RAN.includes(s.state)))
        metrics.rollbacks.inc({ environment });
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
function withMetrics(inner, metrics, opts = {}) {
    const seen = new RecentKeys(opts.remember ?? 10_000);
    return {
        async notify(event) {
            const p = event.progress;
            if (seen.add(eventKey(event.kind, p))) {
                metrics.releaseEvents.inc({ service: p.service, environment: p.environment, kind: event.kind });
                if ((0, release_status_1.isFinished)(event.kind) && seen.add(`${p.releaseId}|final`))
                    recordFinished(metrics, p);
            }
            return inner.notify(event);
        },
    };
}
//# sourceMappingURL=notifier-metrics.js.map