import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBoardRoutes, matchBoardRoute } from '../../src/board/board-routes';
import { createSyntheticBoardSource } from '../harness/synthetic-board-source';
import { waitFor } from '../harness/wait-for';

/** Reads a server-sent event stream over real HTTP, collecting the events. */
async function listen(url: string, signal: AbortSignal) {
  const events: { event: string; data: unknown }[] = [];
  const res = await fetch(url, { signal });
  const reader = res.body!.getReader();
  let buffer = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += new TextDecoder().decode(value);
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
    }
  })();
  return events;
}

describe('the board live feed', () => {
  let server: Server;
  let base: string;
  const source = createSyntheticBoardSource(20, ['dev', 'prod']);
  const board = createBoardRoutes({ source, pollIntervalMs: 150 });
  beforeAll(async () => {
    server = createServer((req, res) => {
      const match = matchBoardRoute(board.routes, req.method ?? 'GET', new URL(req.url!, 'http://b').pathname);
      if (!match) return void res.writeHead(404).end();
      void match.route.handler(req, res, match.params);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    board.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('polls once per interval for all subscribers and sends only the cells that changed', async () => {
    const abort = new AbortController();
    const clients = await Promise.all([1, 2, 3].map(() => listen(`${base}/board/events`, abort.signal)));
    await waitFor('every client saying hello', async () =>
      clients.every((c) => c.some((e) => e.event === 'hello')) ? true : undefined,
    );
    const readsBefore = source.snapshotReads();
    await new Promise((r) => setTimeout(r, 1000));
    // ~6 intervals in a second, whatever the number of clients (3 per-client pollers would read ~20 times).
    const reads = source.snapshotReads() - readsBefore;
    expect(reads).toBeGreaterThanOrEqual(3);
    expect(reads).toBeLessThanOrEqual(8);

    const cell = source.cells.get('svc-3/prod')!;
    source.cells.set('svc-3/prod', { ...cell, release: { ...cell.release!, status: 'aborted', running: false } });
    for (const events of clients) {
      const change = await waitFor('the changed cell reaching every client', async () =>
        events.find((e) => e.event === 'cells'),
      );
      const cells = (change.data as { cells: { key: string; html: string }[] }).cells;
      expect(cells.map((c) => c.key)).toEqual(['svc-3/prod']);
      expect(cells[0]!.html).toContain('aborted');
    }
    abort.abort();
    await waitFor('the poller stopping when nobody listens', async () =>
      board.feed.subscriberCount() === 0 ? true : undefined,
    );
  });

  it('escapes workflow data in pages and filters rows on the server', async () => {
    const cell = source.cells.get('svc-1/dev')!;
    const progress = { ...cell.release!.progress!, lastError: { type: 'X', message: '<script>alert(1)</script>' } };
    source.cells.set('svc-1/dev', {
      ...cell,
      release: { ...cell.release!, status: 'failed', running: false, progress },
    });
    await new Promise((r) => setTimeout(r, 200)); // past the interval: the page reads a fresh snapshot
    const page = await (await fetch(`${base}/board?status=failed&service=svc-1`)).text();
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)');
    const rows = [...page.matchAll(/<tr data-service="([^"]+)"/g)].map((m) => m[1]);
    expect(rows).toEqual(['svc-1']);
    // svc-2 waits in prod and succeeded in dev: nothing failed there.
    const none = await (await fetch(`${base}/board?status=failed&service=svc-2`)).text();
    expect(none).not.toContain('<tr data-service=');
    expect(none).toContain('0 services');
    expect((await fetch(`${base}/board/releases/nope/dev`)).status).toBe(404);
  });
});
