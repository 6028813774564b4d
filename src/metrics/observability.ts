import type { TelemetryOptions } from '@temporalio/worker';
import { startBacklogPoller, type DescribeTaskQueueService } from './backlog-poller';
import { DEADLINE_PASSED, withinDeadline } from '../server/deadline';
import type { ReadinessCheck } from '../server/routes/ops-routes';
import { startMetricsServer } from './metrics-server';
import type { GantryMetrics } from './registry';

/**
 * The Temporal SDK's own metrics (task slots, schedule-to-start latency, activity failures, sticky cache…), served
 * by the native runtime at `http://<bindAddress>/metrics` (9465 in the chart). Pass to Runtime.install() before the
 * first NativeConnection. Durations in seconds, so the dashboard treats SDK and Gantry histograms alike; names keep
 * the SDK's defaults (prefix `temporal_`, no `_total` or unit suffix).
 */
export function sdkMetricsTelemetry(bindAddress: string): TelemetryOptions {
  return { metrics: { prometheus: { bindAddress, useSecondsForDurations: true } } };
}

/** The part of a (Native)Connection a readiness check uses. */
export interface ReachableTemporal {
  workflowService: { getSystemInfo(req: object): Promise<unknown> };
  withDeadline<R>(deadline: number | Date, fn: () => Promise<R>): Promise<R>;
}

/**
 * Temporal answers (GetSystemInfo is the cheapest call every server supports) within `timeoutMs`. Its own deadline:
 * without one the SDK retries a dead connection for ~20 s, each kubelet probe leaves such a call behind, and the
 * ops port's 3 s cut-off would report "check took too long" instead of why.
 */
export function temporalReachable(temporal: ReachableTemporal, timeoutMs = 1000): ReadinessCheck {
  return async () => {
    const probe = temporal.withDeadline(Date.now() + timeoutMs, () => temporal.workflowService.getSystemInfo({}));
    // The deadline ends the call; the race answers on time even if the runtime honours it late.
    const answer = await withinDeadline(
      probe.then(
        () => ({ ready: true }),
        (err: unknown) => ({ ready: false, detail: `Temporal unreachable: ${(err as Error).message.split('\n')[0]}` }),
      ),
      timeoutMs + 100,
    );
    return answer === DEADLINE_PASSED
      ? { ready: false, detail: `Temporal unreachable: no answer within ${timeoutMs} ms` }
      : answer;
  };
}

/** A worker is ready while it polls (RUNNING) and its Temporal server answers. */
export function workerReadiness(worker: { getState(): string }, temporal: ReadinessCheck): ReadinessCheck {
  return async () => {
    const state = worker.getState();
    if (state !== 'RUNNING') return { ready: false, detail: `worker is ${state}` };
    return temporal();
  };
}

export interface WorkerObservabilityOptions {
  metrics: GantryMetrics;
  host: string;
  port: number;
  ready: ReadinessCheck;
  workflowService: DescribeTaskQueueService;
  namespace: string;
  /** Queues whose backlog this process reports (its own; the autoscaler reads them). */
  taskQueues: string[];
  backlogIntervalMs?: number;
  log?: (line: string) => void;
}

/** The worker's operations port plus the backlog poller; close() stops both. */
export async function startWorkerObservability(
  opts: WorkerObservabilityOptions,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = await startMetricsServer({ registry: opts.metrics.registry, ...opts });
  const poller = startBacklogPoller({
    workflowService: opts.workflowService,
    namespace: opts.namespace,
    taskQueues: opts.taskQueues,
    metrics: opts.metrics,
    intervalMs: opts.backlogIntervalMs,
    log: opts.log,
  });
  return {
    port: server.port,
    close: async () => {
      poller.stop();
      await server.close();
    },
  };
}
