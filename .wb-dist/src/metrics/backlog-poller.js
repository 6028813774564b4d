"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.startBacklogPoller = startBacklogPoller;
// temporal.api.enums.v1 values, spelled out so the poller needs no proto import at run time.
const TASK_QUEUE_KIND_NORMAL = 1;
const TYPES = [
    { type: 1, label: 'workflow' },
    { type: 2, label: 'activity' },
];
const toNumber = (v) => v == null ? undefined : typeof v === 'number' ? v : Number(v.toNumber());
/**
 * Feeds `gantry_task_queue_backlog{task_queue,task_queue_type}` from DescribeTaskQueue. With `reportStats`
 * (Temporal server 1.25+, the stats are the approximate backlog across all partitions); an older server ignores
 * it, and the deprecated task queue status gives `backlogCountHint` instead — a rougher figure from one partition.
 * Every worker replica reports the same value: aggregate with max(), not sum().
 */
function startBacklogPoller(opts) {
    let warnedHint = false;
    const pollOnce = async () => {
        await Promise.all(opts.taskQueues.flatMap((name) => TYPES.map(async ({ type, label }) => {
            try {
                const res = await opts.workflowService.describeTaskQueue({
                    namespace: opts.namespace,
                    taskQueue: { name, kind: TASK_QUEUE_KIND_NORMAL },
                    taskQueueType: type,
                    reportStats: true,
                    includeTaskQueueStatus: true,
                });
                let backlog = toNumber(res.stats?.approximateBacklogCount);
                if (backlog === undefined) {
                    backlog = toNumber(res.taskQueueStatus?.backlogCountHint);
                    if (backlog !== undefined && !warnedHint) {
                        warnedHint = true;
                        opts.log?.('[gantry] Temporal server reports no task queue stats; backlog is the partition hint');
                    }
                }
                if (backlog !== undefined)
                    opts.metrics.taskQueueBacklog.set({ task_queue: name, task_queue_type: label }, backlog);
            }
            catch (err) {
                // Keep the last value: a blip in Temporal must not look like an empty queue to an autoscaler.
                opts.log?.(`[gantry] backlog of ${name}/${label} unknown: ${err.message}`);
            }
        })));
    };
    let running;
    const timer = setInterval(() => {
        running ??= pollOnce().finally(() => (running = undefined));
    }, opts.intervalMs ?? 15_000);
    timer.unref();
    void pollOnce();
    return { pollOnce, stop: () => clearInterval(timer) };
}
//# sourceMappingURL=backlog-poller.js.map