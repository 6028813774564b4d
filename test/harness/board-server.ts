import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBoardRoutes } from '../../src/board/board-routes';
import type { BoardSource } from '../../src/board/board-source';
import type { GantryClient } from '../../src/client/gantry-client';
import type { Catalog } from '../../src/config/catalog-schema';
import type { LogStore } from '../../src/ports/log-store';
import { createHttpServer } from '../../src/server/http-server';

export interface BoardServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * The real API server (createHttpServer, its route table with the board mounted) on loopback, as `npm start` runs
 * it; `stop()` closes the board as the mains do, so open event streams end.
 */
export async function startBoardServer(deps: {
  source: BoardSource;
  gantry: GantryClient;
  catalog: Catalog;
  logs: LogStore;
  port?: number;
  pollIntervalMs?: number;
}): Promise<BoardServer> {
  const board = createBoardRoutes({ source: deps.source, pollIntervalMs: deps.pollIntervalMs ?? 300 });
  const server: Server = createHttpServer({
    gantry: deps.gantry,
    catalog: deps.catalog,
    logs: deps.logs,
    gitlabToken: '',
    githubSecret: '',
    repoBase: 'file:///nowhere',
    board,
  });
  await new Promise<void>((resolve) => server.listen(deps.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async stop() {
      board.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
