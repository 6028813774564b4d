export { createGantryMetrics, type GantryMetrics, type GantryMetricsOptions } from './registry';
export { withMetrics, type WithMetricsOptions } from './notifier-metrics';
export {
  gantryRouteOf,
  instrumentRequestListener,
  instrumentServer,
  recordWebhookRejection,
  rejectionReason,
  type RouteOf,
} from './http-metrics';
export { createMetricsServer, startMetricsServer, type ReadinessCheck } from './metrics-server';
export { startBacklogPoller, type DescribeTaskQueueService } from './backlog-poller';
export { sdkMetricsTelemetry, startWorkerObservability, temporalReachable, workerReadiness } from './observability';
