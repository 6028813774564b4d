"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createGantryMetrics = createGantryMetrics;
const prom_client_1 = require("prom-client");
/** Stages last from seconds (a sync) to days (waiting for a release window or a promotion). */
const STAGE_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400, 259200, 604800];
/** The API answers fast (every long thing is a workflow); the slow tail is a Temporal round trip. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
function createGantryMetrics(opts = {}) {
    const registry = new prom_client_1.Registry();
    if (opts.defaultLabels)
        registry.setDefaultLabels(opts.defaultLabels);
    if (opts.processMetrics)
        (0, prom_client_1.collectDefaultMetrics)({ register: registry });
    const registers = [registry];
    return {
        registry,
        releaseEvents: new prom_client_1.Counter({
            name: 'gantry_release_events_total',
            help: 'Release events announced by release workflows (each announced once per release, retries not counted).',
            labelNames: ['service', 'environment', 'kind'],
            registers,
        }),
        releasesFinished: new prom_client_1.Counter({
            name: 'gantry_releases_finished_total',
            help: 'Releases that reached a final status.',
            labelNames: ['environment', 'status'],
            registers,
        }),
        stageDuration: new prom_client_1.Histogram({
            name: 'gantry_release_stage_duration_seconds',
            help: 'Duration of finished release stages (window, gray, promotion, full, rollback), recorded when the release finishes.',
            labelNames: ['environment', 'stage', 'state'],
            buckets: STAGE_BUCKETS,
            registers,
        }),
        approvals: new prom_client_1.Counter({
            name: 'gantry_approvals_total',
            help: 'Decisions recorded on finished releases (emergency, promote, rollback, abort).',
            labelNames: ['environment', 'kind'],
            registers,
        }),
        rollbacks: new prom_client_1.Counter({
            name: 'gantry_rollbacks_total',
            help: 'Releases whose compensation (rollback to the last good image) ran, successfully or not.',
            labelNames: ['environment'],
            registers,
        }),
        taskQueueBacklog: new prom_client_1.Gauge({
            name: 'gantry_task_queue_backlog',
            help: 'Approximate number of tasks waiting in a Temporal task queue (DescribeTaskQueue stats).',
            labelNames: ['task_queue', 'task_queue_type'],
            registers,
        }),
        httpRequests: new prom_client_1.Counter({
            name: 'gantry_http_requests_total',
            help: 'HTTP requests answered by the API/webhook server, by route template.',
            labelNames: ['route', 'method', 'status'],
            registers,
        }),
        httpDuration: new prom_client_1.Histogram({
            name: 'gantry_http_request_duration_seconds',
            help: 'Time to answer an HTTP request of the API/webhook server.',
            labelNames: ['route', 'method'],
            buckets: HTTP_BUCKETS,
            registers,
        }),
        webhookRejections: new prom_client_1.Counter({
            name: 'gantry_webhook_rejections_total',
            help: 'Webhook deliveries refused (bad token or signature, malformed, too large, wrong content type, failed).',
            labelNames: ['source', 'reason'],
            registers,
        }),
    };
}
//# sourceMappingURL=registry.js.map