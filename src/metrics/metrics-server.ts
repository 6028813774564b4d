import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendText } from '../server/http-io';
import { opsRoutes, type OpsApp } from '../server/routes/ops-routes';
import { createRouter } from '../server/router';

/** The ops routes' needs; the readiness deadline defaults to 3 s. */
export type MetricsServerOptions = Omit<OpsApp, 'readyTimeoutMs'> & { readyTimeoutMs?: number };

const router = createRouter(opsRoutes);

/**
 * The operations port of a Gantry process (9464 in the chart): `/metrics` (Prometheus text), `/healthz` (the
 * process answers: liveness) and `/readyz` (it can work: readiness). Kept off the API port so that an Ingress
 * for the API never exposes metrics.
 */
function createMetricsServer(opts: MetricsServerOptions): Server {
  const app = { registry: opts.registry, ready: opts.ready, readyTimeoutMs: opts.readyTimeoutMs ?? 3000 };
  return createServer((req, res) => {
    let found: ReturnType<typeof router.find>;
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://gantry');
      found = router.find(req.method ?? 'GET', url.pathname);
    } catch {
      return sendText(res, 400, 'malformed URL\n');
    }
    if (found.status === 404) return sendText(res, 404, 'not found: try /metrics, /healthz or /readyz\n');
    if (found.status === 405) {
      res.setHeader('allow', found.allow.join(', '));
      return sendText(res, 405, 'method not allowed\n');
    }
    void Promise.resolve(found.route.handler({ req, res, url, params: found.params, app })).catch((err: unknown) =>
      res.headersSent ? res.end() : sendText(res, 500, `${(err as Error).message}\n`),
    );
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
