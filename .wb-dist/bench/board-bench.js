"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const node_http_1 = require("node:http");
const node_perf_hooks_1 = require("node:perf_hooks");
const board_routes_1 = require("../src/board/board-routes");
const headless_chromium_1 = require("../test/harness/headless-chromium");
const synthetic_board_source_1 = require("../test/harness/synthetic-board-source");
/**
 * The release board's first paint for 500 services × 4 environments (synthetic data, no Temporal): the server's
 * render time for GET /board, and chromium's DOMContentLoaded and first contentful paint. Goal: under 1 s.
 */
const SERVICES = Number(process.argv[process.argv.indexOf('--services') + 1]) || 500;
const ENVIRONMENTS = ['dev', 'test', 'staging', 'prod'];
const ROUNDS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function main() {
    const source = (0, synthetic_board_source_1.createSyntheticBoardSource)(SERVICES, ENVIRONMENTS);
    // A long interval: every request renders from the one snapshot, as it would between two polls.
    const board = (0, board_routes_1.createBoardRoutes)({ source, pollIntervalMs: 60_000 });
    const renderMs = [];
    const server = (0, node_http_1.createServer)((req, res) => {
        const match = (0, board_routes_1.matchBoardRoute)(board.routes, req.method ?? 'GET', new URL(req.url ?? '/', 'http://b').pathname);
        if (!match)
            return void res.writeHead(404).end();
        const start = node_perf_hooks_1.performance.now();
        res.on('finish', () => {
            if (match.route.path === '/board')
                renderMs.push(node_perf_hooks_1.performance.now() - start);
        });
        void match.route.handler(req, res, match.params);
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${server.address().port}/board`;
    const browser = await (0, headless_chromium_1.launchChromium)();
    const rows = [];
    try {
        for (let round = 0; round <= ROUNDS; round++) {
            const page = await browser.context.newPage();
            await page.goto(url, { waitUntil: 'load' });
            // A string, not a function: the bench compiles without the DOM typings.
            const timing = await page.evaluate(`(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        return { dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, fcp: fcp ? fcp.startTime : NaN, bytes: nav.transferSize };
      })()`);
            await page.close();
            if (round > 0)
                rows.push(timing); // the first round warms up the server and the browser
        }
    }
    finally {
        await browser.close();
        board.close();
        server.close();
    }
    const serverRender = median(renderMs.slice(1));
    const fcp = median(rows.map((r) => r.fcp));
    const line = (what, ms) => `| ${what.padEnd(38)} | ${ms.toFixed(0).padStart(8)} |`;
    process.stdout.write([
        `release board, ${SERVICES} services × ${ENVIRONMENTS.length} environments, median of ${ROUNDS} page loads`,
        '',
        `| ${'measure'.padEnd(38)} | ${'ms'.padStart(8)} |`,
        `|${'-'.repeat(40)}|${'-'.repeat(9)}:|`,
        line('server render of GET /board', serverRender),
        line('chromium DOMContentLoaded', median(rows.map((r) => r.dcl))),
        line('chromium first contentful paint', fcp),
        line('chromium load event', median(rows.map((r) => r.load))),
        '',
        `HTML transferred: ${(median(rows.map((r) => r.bytes)) / 1024).toFixed(0)} KiB`,
        `goal: first contentful paint under 1000 ms: ${fcp < 1000 ? 'met' : 'NOT met'}`,
        '',
    ].join('\n'));
    if (!(fcp < 1000))
        process.exitCode = 1;
}
main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
});
//# sourceMappingURL=board-bench.js.map