import type { Registry } from 'prom-client';
import { DEADLINE_PASSED, withinDeadline } from '../deadline';
import { sendText } from '../http-io';
import type { Route } from '../router';

/** Whether the process can do its job now; `detail` says why not (shown by /readyz, handy in kubectl describe). */
export type ReadinessCheck = () => Promise<{ ready: boolean; detail?: string }>;

export interface OpsApp {
  registry: Registry;
  /** Readiness: for a worker, RUNNING and Temporal reachable; for the API server, Temporal reachable. */
  ready: ReadinessCheck;
  /** A readiness check that takes longer than this counts as not ready (probes must answer fast). */
  readyTimeoutMs: number;
}

/** Liveness: the process answers. Also served on the API port (the chart's server probes it there). */
export const livenessRoute: Route<unknown> = {
  method: 'GET',
  path: '/healthz',
  public: true,
  handler: ({ res }) => sendText(res, 200, 'ok\n'),
};

async function readiness(app: OpsApp): Promise<{ ready: boolean; detail?: string }> {
  const checked = await withinDeadline(
    app.ready().catch((err: unknown) => ({ ready: false, detail: (err as Error).message })),
    app.readyTimeoutMs,
  );
  return checked === DEADLINE_PASSED
    ? { ready: false, detail: `readiness check took more than ${app.readyTimeoutMs} ms` }
    : checked;
}

/** The operations port of every Gantry process: liveness, readiness and Prometheus metrics. */
export const opsRoutes: Route<OpsApp>[] = [
  livenessRoute,
  {
    method: 'GET',
    path: '/readyz',
    handler: async ({ app, res }) => {
      const { ready, detail } = await readiness(app);
      sendText(res, ready ? 200 : 503, `${ready ? 'ready' : 'not ready'}${detail ? `: ${detail}` : ''}\n`);
    },
  },
  {
    method: 'GET',
    path: '/metrics',
    handler: async ({ app, res }) => {
      const text = await app.registry.metrics().catch((err: unknown) => err as Error);
      if (text instanceof Error) return sendText(res, 500, `metrics failed: ${text.message}\n`);
      sendText(res, 200, text, app.registry.contentType);
    },
  },
];
