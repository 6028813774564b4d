import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { startPrometheus, type PrometheusServer, type ScrapeTarget } from '../../src/embedded/prometheus-server';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

export interface TestPrometheus extends PrometheusServer {
  /** Resolves once Prometheus has scraped `address` successfully at least once. */
  waitUntilScraped(address: string, timeoutMs?: number): Promise<void>;
  teardown(): Promise<void>;
}

/** The real Prometheus (Debian's /usr/bin/prometheus) on a free loopback port, scraping every second. */
export async function startTestPrometheus(targets: readonly ScrapeTarget[] = []): Promise<TestPrometheus> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gantry-prometheus-'));
  const server = await startPrometheus({ dataDir, port: await freePort(), scrapeInterval: '1s', targets });
  return {
    ...server,
    async waitUntilScraped(address, timeoutMs = 20_000) {
      await waitFor(
        `a successful scrape of ${address} by ${server.url}`,
        async () => {
          const res = await request(`${server.url}/api/v1/targets?state=active`);
          const body = (await res.body.json()) as {
            data: { activeTargets: { scrapeUrl: string; health: string }[] };
          };
          const found = body.data.activeTargets.find((t) => t.scrapeUrl.includes(`//${address}/`));
          return found?.health === 'up' ? true : undefined;
        },
        timeoutMs,
      );
    },
    async teardown() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
