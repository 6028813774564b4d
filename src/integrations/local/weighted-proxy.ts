import http from 'node:http';
import net from 'node:net';

/** Where one service's requests go: stable, and gray for `grayWeight` percent of them. */
export interface ProxyRoute {
  stablePort: number | null;
  grayPort: number | null;
  /** 0–100 */
  grayWeight: number;
}

export interface WeightedProxy {
  port: number;
  setRoute(route: ProxyRoute): void;
  close(): Promise<void>;
}

/** Which track answered, for people and tests counting the split. */
const TRACK_HEADER = 'x-gantry-track';

/**
 * The service's public port in the embedded mode: a plain HTTP proxy that sends exactly `grayWeight` percent of
 * requests to gray, spread evenly (request n goes to gray when floor(n·w/100) moves), so a 10 % step is 10 % of
 * real traffic from the first requests on, not just on average.
 */
export async function startWeightedProxy(opts: {
  host?: string;
  port: number;
  route: ProxyRoute;
}): Promise<WeightedProxy> {
  let route = opts.route;
  let served = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const pick = (): { track: 'stable' | 'gray'; port: number } | null => {
    if (route.stablePort === null) return route.grayPort === null ? null : { track: 'gray', port: route.grayPort };
    if (route.grayPort === null || route.grayWeight <= 0) return { track: 'stable', port: route.stablePort };
    const n = served++;
    const toGray = Math.floor(((n + 1) * route.grayWeight) / 100) > Math.floor((n * route.grayWeight) / 100);
    return toGray ? { track: 'gray', port: route.grayPort } : { track: 'stable', port: route.stablePort };
  };

  const server = http.createServer((req, res) => {
    const backend = pick();
    if (!backend) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('no track of this service is running\n');
      return;
    }
    const upstream = http.request(
      { host: '127.0.0.1', port: backend.port, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, [TRACK_HEADER]: backend.track });
        answer.pipe(res);
      },
    );
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (res.headersSent) {
        res.destroy(err);
        return;
      }
      res
        .writeHead(502, { 'content-type': 'text/plain', [TRACK_HEADER]: backend.track })
        .end(`${backend.track} (port ${backend.port}) did not answer: ${err.code ?? err.message}\n`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: opts.port,
    setRoute(next) {
      if (next.grayWeight !== route.grayWeight || next.grayPort !== route.grayPort) served = 0;
      route = next;
    },
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port nothing listens on now (the kernel picks it): for a track that sits behind the proxy. */
export async function pickFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
