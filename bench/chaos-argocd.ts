/**
 * `node dist/bench/chaos-argocd.js <rollout-ms>`: the Argo CD double as its own process for `npm run chaos`. Every
 * app registers itself on first use and becomes healthy a few polls after a sync, but each rollout is held for
 * <rollout-ms> first, so health waits outlast a worker's shutdown grace. A second port serves counts as JSON.
 * Prints one line: {"url": …, "token": …, "statsUrl": …}.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startArgoCdServer } from '../src/testing/argocd-server';

async function main(): Promise<void> {
  const rolloutMs = Number(process.argv[2] ?? '25000');
  const argo = await startArgoCdServer({ token: 'chaos-token', autoRegister: 'healthy' });
  const appOf = (path: string): string => decodeURIComponent(path.split('/')[4] ?? '');
  let seen = 0;
  // Each new sync holds its app for the rollout time: the scripted state machine only moves once released.
  const timer = setInterval(() => {
    for (const r of argo.requests.slice(seen)) {
      if (r.method === 'POST' && r.path.endsWith('/sync') && r.status === 200) {
        const app = appOf(r.path);
        argo.hold(app, true);
        setTimeout(() => argo.hold(app, false), rolloutMs).unref();
      }
    }
    seen = argo.requests.length;
  }, 50);

  const stats = http.createServer((_req, res) => {
    const syncs: Record<string, number> = {};
    const terminations: Record<string, number> = {};
    for (const r of argo.requests) {
      if (r.status !== 200) continue;
      const body = r.body as { revision?: string } | undefined;
      if (r.method === 'POST' && r.path.endsWith('/sync')) {
        const key = `${appOf(r.path)}@${body?.revision ?? '?'}`;
        syncs[key] = (syncs[key] ?? 0) + 1;
      }
      if (r.method === 'DELETE' && r.path.endsWith('/operation')) {
        terminations[appOf(r.path)] = (terminations[appOf(r.path)] ?? 0) + 1;
      }
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ syncs, terminations }));
  });
  await new Promise<void>((resolve) => stats.listen(0, '127.0.0.1', resolve));
  const { port } = stats.address() as AddressInfo;
  process.stdout.write(
    `${JSON.stringify({ url: argo.url, token: argo.token, statsUrl: `http://127.0.0.1:${port}` })}\n`,
  );
  const stop = (): void => {
    clearInterval(timer);
    stats.close();
    void argo.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
