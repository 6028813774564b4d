"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseFilters = parseFilters;
exports.searchText = searchText;
exports.visibleEnvironments = visibleEnvironments;
exports.rowMatches = rowMatches;
const board_source_1 = require("./board-source");
const cell_groups_1 = require("./cell-groups");
const release_status_1 = require("./release-status");
/** Filters from the query string (the form submits with GET, so a filtered board is a link you can share). */
function parseFilters(search) {
    const status = search.get('status') ?? '';
    return {
        service: search.get('service')?.trim() ?? '',
        team: search.get('team')?.trim() ?? '',
        environment: search.get('environment')?.trim() ?? '',
        status: release_status_1.FILTER_STATUSES.includes(status) ? status : '',
        q: search.get('q')?.trim().toLowerCase() ?? '',
    };
}
/** Words a search matches in a row: service, team, owners, images and statuses of its cells. */
function searchText(service, cells) {
    const words = [service.name, service.team, ...service.owners];
    for (const c of cells) {
        // Short digests, not whole references: the words ride along in every row of the page.
        if (c?.deployment.stable)
            words.push((0, cell_groups_1.shortDigestOrTag)(c.deployment.stable));
        if (c?.deployment.gray)
            words.push((0, cell_groups_1.shortDigestOrTag)(c.deployment.gray));
        if (c?.release)
            words.push(c.release.status, (0, cell_groups_1.shortDigestOrTag)(c.release.image), c.release.requestedBy);
    }
    return words.join(' ').toLowerCase();
}
function visibleEnvironments(all, f) {
    return f.environment ? all.filter((e) => e.name === f.environment) : all;
}
/** Server-side filtering; the board's JS applies the same rules instantly as you type. */
function rowMatches(service, envs, cells, f, now) {
    if (f.service && service.name !== f.service)
        return false;
    if (f.team && service.team !== f.team)
        return false;
    const row = envs.map((e) => cells.get((0, board_source_1.cellKey)(service.name, e.name)));
    if (f.status && !row.some((c) => (0, cell_groups_1.cellGroups)(c, now).includes(f.status)))
        return false;
    return !f.q || searchText(service, row).includes(f.q);
}
//# sourceMappingURL=board-filters.js.map