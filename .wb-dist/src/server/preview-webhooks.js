"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.startPreviews = startPreviews;
const deadline_1 = require("./deadline");
const http_io_1 = require("./http-io");
const push_routing_1 = require("./push-routing");
/**
 * A merge request event → one preview workflow per service of that repository that allows previews (signalled,
 * or started if none runs). The workflow ignores a commit it already runs, so a redelivery builds nothing twice.
 */
async function startPreviews(deps, event, delivery, deadlineMs) {
    const allowed = deps.catalog.previews?.services ?? [];
    const services = (0, push_routing_1.servicesOfRepo)(deps.catalog, deps.repoBase, event)
        .map(([name]) => name)
        .filter((name) => allowed.includes(name));
    if (services.length === 0) {
        const what = event.pathWithNamespace ?? event.repoUrls.find(Boolean) ?? '?';
        return { status: 202, body: { ignored: `no service of ${what.slice(0, 200)} has previews`, delivery } };
    }
    const request = {
        action: event.action,
        commit: event.commit,
        branch: event.branch,
        by: event.by,
        reason: event.reason,
    };
    let started;
    try {
        started = await (0, deadline_1.withinDeadline)(Promise.all(services.map((service) => deps.gantry.requestPreview(service, event.iid, request))), deadlineMs);
    }
    catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new http_io_1.HttpError(503, `could not start the preview, retry later: ${reason}`);
    }
    if (started === deadline_1.DEADLINE_PASSED)
        throw new http_io_1.HttpError(503, `Temporal did not answer within ${deadlineMs} ms, retry later`);
    deps.log?.(`[gantry] gitlab merge request !${event.iid} ${event.reason} (${event.branch}) by ${event.by}: ${started.map((s) => s.workflowId).join(', ')}`);
    return { status: 202, body: { previews: started, delivery } };
}
//# sourceMappingURL=preview-webhooks.js.map