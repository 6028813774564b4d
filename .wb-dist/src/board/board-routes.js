"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.boardPaths = exports.BOARD_PATHS = exports.BOARD_EVENTS_PATH = void 0;
exports.createBoardRoutes = createBoardRoutes;
exports.matchBoardRoute = matchBoardRoute;
const router_1 = require("../server/router");
const board_css_1 = require("./assets/board-css");
const board_js_1 = require("./assets/board-js");
const board_filters_1 = require("./board-filters");
const html_1 = require("./html");
const live_feed_1 = require("./live-feed");
const matrix_page_1 = require("./matrix-page");
const page_layout_1 = require("./page-layout");
const pipeline_page_1 = require("./pipeline-page");
const release_page_1 = require("./release-page");
/** A long-lived server-sent event stream: no request deadline, and no latency sample (its duration is a session). */
exports.BOARD_EVENTS_PATH = '/board/events';
/**
 * Every path the board answers (GET), and what it serves there: pages and the event stream show release data, so
 * the API server asks who is calling; the assets say nothing about releases.
 */
exports.BOARD_PATHS = {
    '/board': 'page',
    '/board/releases/:service/:environment': 'page',
    '/board/ci/:service/:environment': 'page',
    '/board/ci/:service/:environment/:commit': 'page',
    [exports.BOARD_EVENTS_PATH]: 'events',
    '/board/assets/board.css': 'asset',
    '/board/assets/board.js': 'asset',
};
/** The board's paths that serve one kind of thing. */
const boardPaths = (kind) => Object.keys(exports.BOARD_PATHS).filter((path) => exports.BOARD_PATHS[path] === kind);
exports.boardPaths = boardPaths;
function send(res, status, type, body, cache = 'no-store') {
    res.writeHead(status, {
        'content-type': `${type}; charset=utf-8`,
        'content-length': Buffer.byteLength(body),
        'cache-control': cache,
        'x-content-type-options': 'nosniff',
    });
    res.end(body);
}
const sendHtml = (res, status, page) => send(res, status, 'text/html', page.text);
const notFound = (what) => (0, page_layout_1.renderPage)({ title: 'Not found' }, (0, html_1.html) `<h1>Not found</h1>
      <p>${what}</p>
      <p><a href="/board">Back to the board</a></p>`);
/** Renders a page, turning a failure into an HTML page that says what went wrong (the board is for people). */
function page(render, missing, log) {
    return async (req, res, params) => {
        try {
            const body = await render(req, params);
            sendHtml(res, body ? 200 : 404, body ?? notFound(missing));
        }
        catch (err) {
            log?.(`[board] ${req.url} failed: ${err instanceof Error ? err.stack : String(err)}`);
            const message = err instanceof Error ? err.message : String(err);
            sendHtml(res, 500, (0, page_layout_1.renderPage)({ title: 'Error' }, (0, html_1.html) `<h1>The board could not read Gantry</h1>
            <pre class="err">${message}</pre>`));
        }
    };
}
/**
 * The release board's routes, to be mounted by the API server's router: plain handlers, no framework. `close()`
 * stops the shared poller and ends open event streams (call it when the server stops).
 */
function createBoardRoutes(opts) {
    const { source, log } = opts;
    const feed = (0, live_feed_1.createLiveFeed)({ source, intervalMs: opts.pollIntervalMs ?? 2000, log });
    /** A page about one service in one environment: "not found" for names the catalog does not know. */
    const knownPage = (render, missing) => page(async (_req, p) => (known(source, p.service, p.environment) ? render(p) : undefined), missing, log);
    const handlers = {
        '/board': page(async (req) => {
            const { snapshot, generation } = await feed.current();
            return (0, matrix_page_1.renderMatrix)(source, snapshot, (0, board_filters_1.parseFilters)(new URL(req.url ?? '/', 'http://board').searchParams), generation);
        }, 'no board', log),
        '/board/releases/:service/:environment': knownPage(async (p) => {
            const { generation } = await feed.current();
            return (0, release_page_1.renderReleasePage)(source, p.service, p.environment, generation);
        }, 'no such service or environment'),
        '/board/ci/:service/:environment': knownPage(async (p) => (0, pipeline_page_1.renderPipelineList)(source, p.service, p.environment), 'no such service or environment'),
        '/board/ci/:service/:environment/:commit': knownPage(async (p) => (0, pipeline_page_1.renderPipelinePage)(source, p.service, p.environment, p.commit), 'no such pipeline'),
        [exports.BOARD_EVENTS_PATH]: (req, res) => feed.handler(req, res),
        '/board/assets/board.css': async (_req, res) => send(res, 200, 'text/css', board_css_1.BOARD_CSS, 'public, max-age=300'),
        '/board/assets/board.js': async (_req, res) => send(res, 200, 'text/javascript', board_js_1.BOARD_JS, 'public, max-age=300'),
    };
    const routes = Object.keys(exports.BOARD_PATHS).map((path) => ({
        method: 'GET',
        path,
        handler: handlers[path],
    }));
    return { routes, feed, close: () => feed.close() };
}
function known(source, service, environment) {
    return source.services().some((s) => s.name === service) && source.environments().some((e) => e.name === environment);
}
/** Matches a path against the board's routes with the server's router; for servers (and tests) without one. */
function matchBoardRoute(routes, method, pathname) {
    const table = routes.map((r) => ({ method: r.method, path: r.path, handler: () => undefined }));
    const found = (0, router_1.createRouter)(table).find(method, pathname);
    return found.status === 200 ? { route: routes[table.indexOf(found.route)], params: found.params } : undefined;
}
//# sourceMappingURL=board-routes.js.map