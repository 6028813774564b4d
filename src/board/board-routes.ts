import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRouter, type Route } from '../server/router';
import { BOARD_CSS } from './assets/board-css';
import { BOARD_JS } from './assets/board-js';
import { parseFilters } from './board-filters';
import type { BoardSource } from './board-source';
import { html, type SafeHtml } from './html';
import { createLiveFeed } from './live-feed';
import { renderMatrix } from './matrix-page';
import { renderPage } from './page-layout';
import { renderPipelineList, renderPipelinePage } from './pipeline-page';
import { renderReleasePage } from './release-page';

export type BoardHandler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => Promise<void>;

export interface BoardRoute {
  method: 'GET';
  /** `:name` segments are parameters, passed decoded in `params`. */
  path: string;
  handler: BoardHandler;
}

/** A long-lived server-sent event stream: no request deadline, and no latency sample (its duration is a session). */
export const BOARD_EVENTS_PATH = '/board/events';

/**
 * Every path the board answers (GET), and what it serves there: pages and the event stream show release data, so
 * the API server asks who is calling; the assets say nothing about releases.
 */
export const BOARD_PATHS = {
  '/board': 'page',
  '/board/releases/:service/:environment': 'page',
  '/board/ci/:service/:environment': 'page',
  '/board/ci/:service/:environment/:commit': 'page',
  [BOARD_EVENTS_PATH]: 'events',
  '/board/assets/board.css': 'asset',
  '/board/assets/board.js': 'asset',
} as const;
export type BoardPath = keyof typeof BOARD_PATHS;

/** The board's paths that serve one kind of thing. */
export const boardPaths = (kind: (typeof BOARD_PATHS)[BoardPath]): BoardPath[] =>
  (Object.keys(BOARD_PATHS) as BoardPath[]).filter((path) => BOARD_PATHS[path] === kind);

export interface BoardOptions {
  source: BoardSource;
  /** Interval of the one shared poller behind live updates. */
  pollIntervalMs?: number;
  log?: (line: string) => void;
}

function send(res: ServerResponse, status: number, type: string, body: string, cache = 'no-store'): void {
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'content-length': Buffer.byteLength(body),
    'cache-control': cache,
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

const sendHtml = (res: ServerResponse, status: number, page: SafeHtml) => send(res, status, 'text/html', page.text);

const notFound = (what: string) =>
  renderPage(
    { title: 'Not found' },
    html`<h1>Not found</h1>
      <p>${what}</p>
      <p><a href="/board">Back to the board</a></p>`,
  );

/** Renders a page, turning a failure into an HTML page that says what went wrong (the board is for people). */
function page(
  render: (req: IncomingMessage, params: Record<string, string>) => Promise<SafeHtml | undefined>,
  missing: string,
  log?: (line: string) => void,
): BoardHandler {
  return async (req, res, params) => {
    try {
      const body = await render(req, params);
      sendHtml(res, body ? 200 : 404, body ?? notFound(missing));
    } catch (err) {
      log?.(`[board] ${req.url} failed: ${err instanceof Error ? err.stack : String(err)}`);
      const message = err instanceof Error ? err.message : String(err);
      sendHtml(
        res,
        500,
        renderPage(
          { title: 'Error' },
          html`<h1>The board could not read Gantry</h1>
            <pre class="err">${message}</pre>`,
        ),
      );
    }
  };
}

/**
 * The release board's routes, to be mounted by the API server's router: plain handlers, no framework. `close()`
 * stops the shared poller and ends open event streams (call it when the server stops).
 */
export function createBoardRoutes(opts: BoardOptions) {
  const { source, log } = opts;
  const feed = createLiveFeed({ source, intervalMs: opts.pollIntervalMs ?? 2000, log });

  /** A page about one service in one environment: "not found" for names the catalog does not know. */
  const knownPage = (render: (params: Record<string, string>) => Promise<SafeHtml | undefined>, missing: string) =>
    page(async (_req, p) => (known(source, p.service!, p.environment!) ? render(p) : undefined), missing, log);

  const handlers: Record<BoardPath, BoardHandler> = {
    '/board': page(
      async (req) => {
        const { snapshot, generation } = await feed.current();
        return renderMatrix(
          source,
          snapshot,
          parseFilters(new URL(req.url ?? '/', 'http://board').searchParams),
          generation,
        );
      },
      'no board',
      log,
    ),
    '/board/releases/:service/:environment': knownPage(async (p) => {
      const { generation } = await feed.current();
      return renderReleasePage(source, p.service!, p.environment!, generation);
    }, 'no such service or environment'),
    '/board/ci/:service/:environment': knownPage(
      async (p) => renderPipelineList(source, p.service!, p.environment!),
      'no such service or environment',
    ),
    '/board/ci/:service/:environment/:commit': knownPage(
      async (p) => renderPipelinePage(source, p.service!, p.environment!, p.commit!),
      'no such pipeline',
    ),
    [BOARD_EVENTS_PATH]: (req, res) => feed.handler(req, res),
    '/board/assets/board.css': async (_req, res) => send(res, 200, 'text/css', BOARD_CSS, 'public, max-age=300'),
    '/board/assets/board.js': async (_req, res) => send(res, 200, 'text/javascript', BOARD_JS, 'public, max-age=300'),
  };
  const routes: BoardRoute[] = (Object.keys(BOARD_PATHS) as BoardPath[]).map((path) => ({
    method: 'GET',
    path,
    handler: handlers[path],
  }));
  return { routes, feed, close: () => feed.close() };
}

function known(source: BoardSource, service: string, environment: string): boolean {
  return source.services().some((s) => s.name === service) && source.environments().some((e) => e.name === environment);
}

/** Matches a path against the board's routes with the server's router; for servers (and tests) without one. */
export function matchBoardRoute(
  routes: BoardRoute[],
  method: string,
  pathname: string,
): { route: BoardRoute; params: Record<string, string> } | undefined {
  const table: Route<unknown>[] = routes.map((r) => ({ method: r.method, path: r.path, handler: () => undefined }));
  const found = createRouter(table).find(method, pathname);
  return found.status === 200 ? { route: routes[table.indexOf(found.route)]!, params: found.params } : undefined;
}
