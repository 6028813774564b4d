import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** Whether the process can do its job now; `detail` says why not (shown by /readyz, handy in kubectl describe). */
export type ReadinessCheck = () => Promise<{ ready: boolean; detail?: string }>;

export interface MetricsServerOptions {
  registry: Registry;
  /** Readiness: for a worker, RUNNING and Temporal reachable; for the API server, Temporal reachable. */
  ready: ReadinessCheck;
  /** A readiness check that takes longer than this counts as not ready (probes must answer fast). */
  readyTimeoutMs?: number;
}

async function withTimeout(check: ReadinessCheck, ms: number): Promise<{ ready: boolean; detail?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ ready: boolean; detail: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, detail: `readiness check took more than ${ms} ms` }), ms);
  });
  try {
    return await Promise.race([
      check().catch((err: unknown) => ({ ready: false, detail: (err as Error).message })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The operations port of a Gantry process (9464 in the chart): `/metrics` (Prometheus text), `/healthz` (the
 * process answers: liveness) and `/readyz` (it can work: readiness). Kept off the API port so that an Ingress
 * for the API never exposes metrics.
 */
export function createMetricsServer(opts: MetricsServerOptions): Server {
  const readyTimeoutMs = opts.readyTimeoutMs ?? 3000;
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://gantry').pathname;
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    if (path === '/healthz') return send(200, 'ok\n');
    if (path === '/readyz') {
      void withTimeout(opts.ready, readyTimeoutMs).then(({ ready, detail }) =>
        send(ready ? 200 : 503, `${ready ? 'ready' : 'not ready'}${detail ? `: ${detail}` : ''}\n`),
      );
      return;
    }
    if (path === '/metrics') {
      opts.registry.metrics().then(
        (text) => send(200, text, opts.registry.contentType),
        (err: unknown) => send(500, `metrics failed: ${(err as Error).message}\n`),
      );
      return;
    }
    send(404, 'not found: try /metrics, /healthz or /readyz\n');
  });
}

/** Starts the server and resolves once it listens; port 0 picks a free one (tests). */
export async function startMetricsServer(
  opts: MetricsServerOptions & { port: number; host: string },
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createMetricsServer(opts);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
