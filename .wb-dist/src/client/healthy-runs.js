"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.healthyRuns = healthyRuns;
const search_attributes_1 = require("../workflows/search-attributes");
/**
 * The releases of a service that ended healthy in an environment, newest first: the images that ran there healthy
 * (the first one is running now; a failed release rolls back to the one before). Read from visibility, so it
 * reaches back as far as the namespace's retention. Shared by the API (refuses before a start) and the release
 * workflow's activity (refuses requests that reached Temporal some other way).
 */
async function healthyRuns(client, service, environment, limit = 200) {
    const query = `GantryKind = 'release' AND GantryService = '${service}' AND GantryEnvironment = '${environment}' AND GantryStatus = 'succeeded'`;
    const runs = [];
    for await (const wf of client.workflow.list({ query })) {
        const image = wf.typedSearchAttributes.get(search_attributes_1.SA.image);
        const since = wf.typedSearchAttributes.get(search_attributes_1.SA.statusSince) ?? wf.closeTime ?? wf.startTime;
        if (image)
            runs.push({ image, since: since.toISOString(), workflowId: wf.workflowId });
        if (runs.length >= limit)
            break;
    }
    return runs.sort((a, b) => b.since.localeCompare(a.since));
}
//# sourceMappingURL=healthy-runs.js.map