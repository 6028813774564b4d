"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createLiveFeed = createLiveFeed;
const node_crypto_1 = require("node:crypto");
const board_source_1 = require("./board-source");
const cell_groups_1 = require("./cell-groups");
const matrix_cell_1 = require("./matrix-cell");
const matrix_page_1 = require("./matrix-page");
/**
 * One poller, many subscribers: while at least one browser listens, the board's source is read every interval
 * (never per client), each cell is rendered, and only cells whose HTML changed are sent as a server-sent event.
 * Pages render from the same snapshot, so a page and the feed agree on the generation.
 */
function createLiveFeed(opts) {
    const bootId = (0, node_crypto_1.randomUUID)().slice(0, 8);
    let counter = 0;
    let latest;
    let inFlight;
    const rendered = new Map();
    const subscribers = new Set();
    let timer;
    let heartbeat;
    let closed = false;
    function renderAll(snapshot) {
        const now = Date.parse(snapshot.at);
        const ctx = (0, matrix_page_1.cellContext)(opts.source, now);
        const changes = [];
        for (const s of opts.source.services()) {
            for (const e of opts.source.environments()) {
                const key = (0, board_source_1.cellKey)(s.name, e.name);
                const cell = snapshot.cells.get(key);
                const text = (0, matrix_cell_1.renderCell)(s.name, e.name, cell, ctx).text;
                if (rendered.get(key) === text)
                    continue;
                rendered.set(key, text);
                changes.push({ key, html: text, groups: (0, cell_groups_1.cellGroups)(cell, now).join(' ') });
            }
        }
        return changes;
    }
    async function poll() {
        const snapshot = await opts.source.snapshot();
        const first = latest === undefined;
        const changes = renderAll(snapshot);
        if (first || changes.length > 0)
            counter++;
        const state = { snapshot, generation: `${bootId}-${counter}` };
        latest = { state, readAt: Date.now() };
        if (!first && changes.length > 0)
            broadcast('cells', { generation: state.generation, cells: changes });
        return state;
    }
    /** The latest snapshot, read again when older than the interval; concurrent callers share one read. */
    function current() {
        if (latest && Date.now() - latest.readAt < opts.intervalMs)
            return Promise.resolve(latest.state);
        inFlight ??= poll().finally(() => (inFlight = undefined));
        return inFlight;
    }
    function broadcast(event, data) {
        const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
        for (const res of subscribers)
            res.write(frame);
    }
    function schedule() {
        if (closed || subscribers.size === 0 || timer)
            return;
        timer = setTimeout(() => {
            timer = undefined;
            current()
                .catch((err) => opts.log?.(`[board] live poll failed: ${err.message}`))
                .finally(schedule);
        }, opts.intervalMs);
    }
    function unsubscribe(res) {
        subscribers.delete(res);
        if (subscribers.size === 0) {
            clearTimeout(timer);
            timer = undefined;
            clearInterval(heartbeat);
            heartbeat = undefined;
        }
    }
    /** GET handler for the event stream; EventSource reconnects by itself (after `retry` ms) when it drops. */
    async function handler(req, res) {
        res.writeHead(200, {
            'content-type': 'text/event-stream; charset=utf-8',
            'cache-control': 'no-cache, no-transform',
            connection: 'keep-alive',
            'x-accel-buffering': 'no',
        });
        res.write('retry: 2000\n\n');
        subscribers.add(res);
        req.on('close', () => unsubscribe(res));
        heartbeat ??= setInterval(() => {
            for (const r of subscribers)
                r.write(': ping\n\n');
        }, opts.heartbeatMs ?? 15_000);
        try {
            const state = await current();
            // The page compares this with the generation it was rendered from and re-fetches itself when older.
            if (!res.writableEnded)
                res.write(`event: hello\ndata: ${JSON.stringify({ generation: state.generation })}\n\n`);
        }
        catch (err) {
            opts.log?.(`[board] live snapshot failed: ${err.message}`);
        }
        schedule();
    }
    function close() {
        closed = true;
        clearTimeout(timer);
        clearInterval(heartbeat);
        for (const res of subscribers)
            res.end();
        subscribers.clear();
    }
    return { current, handler, close, subscriberCount: () => subscribers.size };
}
//# sourceMappingURL=live-feed.js.map