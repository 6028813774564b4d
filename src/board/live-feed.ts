import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cellKey, type BoardSnapshot, type BoardSource } from './board-source';
import { cellGroups } from './cell-groups';
import { renderCell } from './matrix-cell';
import { cellContext } from './matrix-page';

export interface LiveFeedOptions {
  source: BoardSource;
  /** How often the one shared poller reads Temporal while anybody watches. */
  intervalMs: number;
  heartbeatMs?: number;
  log?: (line: string) => void;
}

export interface CurrentState {
  snapshot: BoardSnapshot;
  /** `<boot id>-<n>`: changes whenever a cell changed, and on every server start. */
  generation: string;
}

interface CellChange {
  key: string;
  html: string;
  groups: string;
}

/**
 * One poller, many subscribers: while at least one browser listens, the board's source is read every interval
 * (never per client), each cell is rendered, and only cells whose HTML changed are sent as a server-sent event.
 * Pages render from the same snapshot, so a page and the feed agree on the generation.
 */
export function createLiveFeed(opts: LiveFeedOptions) {
  const bootId = randomUUID().slice(0, 8);
  let counter = 0;
  let latest: { state: CurrentState; readAt: number } | undefined;
  let inFlight: Promise<CurrentState> | undefined;
  const rendered = new Map<string, string>();
  const subscribers = new Set<ServerResponse>();
  let timer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let closed = false;

  function renderAll(snapshot: BoardSnapshot): CellChange[] {
    const now = Date.parse(snapshot.at);
    const ctx = cellContext(opts.source, now);
    const changes: CellChange[] = [];
    for (const s of opts.source.services()) {
      for (const e of opts.source.environments()) {
        const key = cellKey(s.name, e.name);
        const cell = snapshot.cells.get(key);
        const text = renderCell(s.name, e.name, cell, ctx).text;
        if (rendered.get(key) === text) continue;
        rendered.set(key, text);
        changes.push({ key, html: text, groups: cellGroups(cell, now).join(' ') });
      }
    }
    return changes;
  }

  async function poll(): Promise<CurrentState> {
    const snapshot = await opts.source.snapshot();
    const first = latest === undefined;
    const changes = renderAll(snapshot);
    if (first || changes.length > 0) counter++;
    const state = { snapshot, generation: `${bootId}-${counter}` };
    latest = { state, readAt: Date.now() };
    if (!first && changes.length > 0) broadcast('cells', { generation: state.generation, cells: changes });
    return state;
  }

  /** The latest snapshot, read again when older than the interval; concurrent callers share one read. */
  function current(): Promise<CurrentState> {
    if (latest && Date.now() - latest.readAt < opts.intervalMs) return Promise.resolve(latest.state);
    inFlight ??= poll().finally(() => (inFlight = undefined));
    return inFlight;
  }

  function broadcast(event: string, data: unknown): void {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of subscribers) res.write(frame);
  }

  function schedule(): void {
    if (closed || subscribers.size === 0 || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      current()
        .catch((err: unknown) => opts.log?.(`[board] live poll failed: ${(err as Error).message}`))
        .finally(schedule);
    }, opts.intervalMs);
  }

  function unsubscribe(res: ServerResponse): void {
    subscribers.delete(res);
    if (subscribers.size === 0) {
      clearTimeout(timer);
      timer = undefined;
      clearInterval(heartbeat);
      heartbeat = undefined;
    }
  }

  /** GET handler for the event stream; EventSource reconnects by itself (after `retry` ms) when it drops. */
  async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {
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
      for (const r of subscribers) r.write(': ping\n\n');
    }, opts.heartbeatMs ?? 15_000);
    try {
      const state = await current();
      // The page compares this with the generation it was rendered from and re-fetches itself when older.
      if (!res.writableEnded) res.write(`event: hello\ndata: ${JSON.stringify({ generation: state.generation })}\n\n`);
    } catch (err) {
      opts.log?.(`[board] live snapshot failed: ${(err as Error).message}`);
    }
    schedule();
  }

  function close(): void {
    closed = true;
    clearTimeout(timer);
    clearInterval(heartbeat);
    for (const res of subscribers) res.end();
    subscribers.clear();
  }

  return { current, handler, close, subscriberCount: () => subscribers.size };
}

export type LiveFeed = ReturnType<typeof createLiveFeed>;
