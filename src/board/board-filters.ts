import type { BoardEnvironment, BoardService, CellData } from './board-source';
import { cellKey } from './board-source';
import { cellGroups, shortDigestOrTag } from './cell-groups';
import { FILTER_STATUSES, type FilterStatus } from './release-status';

export interface BoardFilters {
  service: string;
  team: string;
  environment: string;
  status: FilterStatus | '';
  q: string;
}

/** Filters from the query string (the form submits with GET, so a filtered board is a link you can share). */
export function parseFilters(search: URLSearchParams): BoardFilters {
  const status = search.get('status') ?? '';
  return {
    service: search.get('service')?.trim() ?? '',
    team: search.get('team')?.trim() ?? '',
    environment: search.get('environment')?.trim() ?? '',
    status: (FILTER_STATUSES as readonly string[]).includes(status) ? (status as FilterStatus) : '',
    q: search.get('q')?.trim().toLowerCase() ?? '',
  };
}

/** Words a search matches in a row: service, team, owners, images and statuses of its cells. */
export function searchText(service: BoardService, cells: (CellData | undefined)[]): string {
  const words = [service.name, service.team, ...service.owners];
  for (const c of cells) {
    // Short digests, not whole references: the words ride along in every row of the page.
    if (c?.deployment.stable) words.push(shortDigestOrTag(c.deployment.stable));
    if (c?.deployment.gray) words.push(shortDigestOrTag(c.deployment.gray));
    if (c?.release) words.push(c.release.status, shortDigestOrTag(c.release.image), c.release.requestedBy);
  }
  return words.join(' ').toLowerCase();
}

export function visibleEnvironments(all: BoardEnvironment[], f: BoardFilters): BoardEnvironment[] {
  return f.environment ? all.filter((e) => e.name === f.environment) : all;
}

/** Server-side filtering; the board's JS applies the same rules instantly as you type. */
export function rowMatches(
  service: BoardService,
  envs: BoardEnvironment[],
  cells: Map<string, CellData>,
  f: BoardFilters,
  now: number,
): boolean {
  if (f.service && service.name !== f.service) return false;
  if (f.team && service.team !== f.team) return false;
  const row = envs.map((e) => cells.get(cellKey(service.name, e.name)));
  if (f.status && !row.some((c) => cellGroups(c, now).includes(f.status as FilterStatus))) return false;
  return !f.q || searchText(service, row).includes(f.q);
}
