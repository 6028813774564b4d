import type { BoardSnapshot, BoardSource } from './board-source';
import { cellKey } from './board-source';
import { rowMatches, searchText, visibleEnvironments, type BoardFilters } from './board-filters';
import { html, type SafeHtml } from './html';
import { renderCell, type CellContext } from './matrix-cell';
import { renderPage } from './page-layout';
import { renderPreviews } from './preview-list';
import { FILTER_STATUSES } from './release-status';

export function cellContext(source: BoardSource, now: number): CellContext {
  const zones = new Map(source.environments().map((e) => [e.name, e.timeZone]));
  return {
    now,
    timeZoneOf: (env) => zones.get(env) ?? 'UTC',
    promoters: (service, env) => source.permittedPeople(service, env, 'promote'),
  };
}

function option(value: string, label: string, selected: string): SafeHtml {
  return html`<option value="${value}" ${value === selected ? html`selected` : ''}>${label}</option>`;
}

function renderFilters(source: BoardSource, f: BoardFilters): SafeHtml {
  const services = source.services();
  const teams = [...new Set(services.map((s) => s.team))].sort();
  return html`<form
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
      <datalist id="service-names">${services.map((s) => html`<option value="${s.name}"></option>`)}</datalist>
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
        ${option('', 'any', f.status)}${FILTER_STATUSES.map((s) => option(s, s, f.status))}
      </select>
    </label>
    <button type="submit">Apply</button>
    <a href="/board">Clear</a>
  </form>`;
}

/** The services × environments matrix. */
export function renderMatrix(source: BoardSource, snapshot: BoardSnapshot, f: BoardFilters, generation: string) {
  const now = Date.parse(snapshot.at);
  const ctx = cellContext(source, now);
  const envs = visibleEnvironments(source.environments(), f);
  const rows = source.services().filter((s) => rowMatches(s, envs, snapshot.cells, f, now));
  const body = html`<h1>Releases</h1>
    <p class="count" id="row-count">${rows.length} services</p>
    <table class="matrix">
      <caption class="sr-only">
        What runs in each environment, and the release in flight
      </caption>
      <thead>
        <tr>
          <th scope="col">Service</th>
          ${envs.map((e) => html`<th scope="col" data-env="${e.name}">${e.name}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map((s) => {
          const cells = envs.map((e) => snapshot.cells.get(cellKey(s.name, e.name)));
          return html`<tr data-service="${s.name}" data-team="${s.team}" data-text="${searchText(s, cells)}">
            <th scope="row">${s.name}<span class="team">${s.team}</span></th>
            ${envs.map((e, i) => renderCell(s.name, e.name, cells[i], ctx))}
          </tr>`;
        })}
      </tbody>
    </table>
    ${renderPreviews(snapshot.previews, now)}`;
  return renderPage({ title: 'Release board', generation, before: renderFilters(source, f) }, body);
}
