"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.cellContext = cellContext;
exports.renderMatrix = renderMatrix;
const board_source_1 = require("./board-source");
const board_filters_1 = require("./board-filters");
const html_1 = require("./html");
const matrix_cell_1 = require("./matrix-cell");
const page_layout_1 = require("./page-layout");
const release_status_1 = require("./release-status");
function cellContext(source, now) {
    const zones = new Map(source.environments().map((e) => [e.name, e.timeZone]));
    return {
        now,
        timeZoneOf: (env) => zones.get(env) ?? 'UTC',
        promoters: (service, env) => source.permittedPeople(service, env, 'promote'),
    };
}
function option(value, label, selected) {
    return (0, html_1.html) `<option value="${value}" ${value === selected ? (0, html_1.html) `selected` : ''}>${label}</option>`;
}
function renderFilters(source, f) {
    const services = source.services();
    const teams = [...new Set(services.map((s) => s.team))].sort();
    return (0, html_1.html) `<form
    id="filters"
    class="filters"
    method="get"
    action="/board"
    role="search"
    aria-label="Filter releases"
  >
    <label>Search <input type="search" name="q" value="${f.q}" placeholder="service, image, person…" /></label>
    <label
      >Service
      <input name="service" list="service-names" value="${f.service}" placeholder="any" />
      <datalist id="service-names">${services.map((s) => (0, html_1.html) `<option value="${s.name}"></option>`)}</datalist>
    </label>
    <label
      >Team
      <select name="team">
        ${option('', 'any', f.team)}${teams.map((t) => option(t, t, f.team))}
      </select>
    </label>
    <label
      >Environment
      <select name="environment">
        ${option('', 'all', f.environment)}${source.environments().map((e) => option(e.name, e.name, f.environment))}
      </select>
    </label>
    <label
      >Status
      <select name="status">
        ${option('', 'any', f.status)}${release_status_1.FILTER_STATUSES.map((s) => option(s, s, f.status))}
      </select>
    </label>
    <button type="submit">Apply</button>
    <a href="/board">Clear</a>
  </form>`;
}
/** The services × environments matrix. */
function renderMatrix(source, snapshot, f, generation) {
    const now = Date.parse(snapshot.at);
    const ctx = cellContext(source, now);
    const envs = (0, board_filters_1.visibleEnvironments)(source.environments(), f);
    const rows = source.services().filter((s) => (0, board_filters_1.rowMatches)(s, envs, snapshot.cells, f, now));
    const body = (0, html_1.html) `<h1>Releases</h1>
    <p class="count" id="row-count">${rows.length} services</p>
    <table class="matrix">
      <caption class="sr-only">
        What runs in each environment, and the release in flight
      </caption>
      <thead>
        <tr>
          <th scope="col">Service</th>
          ${envs.map((e) => (0, html_1.html) `<th scope="col" data-env="${e.name}">${e.name}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map((s) => {
        const cells = envs.map((e) => snapshot.cells.get((0, board_source_1.cellKey)(s.name, e.name)));
        return (0, html_1.html) `<tr data-service="${s.name}" data-team="${s.team}" data-text="${(0, board_filters_1.searchText)(s, cells)}">
            <th scope="row">${s.name}<span class="team">${s.team}</span></th>
            ${envs.map((e, i) => (0, matrix_cell_1.renderCell)(s.name, e.name, cells[i], ctx))}
          </tr>`;
    })}
      </tbody>
    </table>`;
    return (0, page_layout_1.renderPage)({ title: 'Release board', generation, before: renderFilters(source, f) }, body);
}
//# sourceMappingURL=matrix-page.js.map