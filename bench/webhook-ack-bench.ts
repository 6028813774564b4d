/**
 * `node dist/bench/webhook-ack-bench.js [--n 300] [--concurrency 10]`: how long the webhook server takes to answer
 * a signed GitLab push. The real HTTP server and client against the real Temporal dev server with no worker (the
 * pipeline is started and waits), so an ack is: read and authenticate the body, route it, start one workflow.
 * A second run posts pushes to an unmapped branch: the server answers without Temporal, which isolates routing.
 * See bench/README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createGantryClient } from '../src/client/gantry-client';
import { startDevServer } from '../src/embedded/dev-server';
import { temporalBinary } from '../src/embedded/temporal-binaries';
import { createHttpServer } from '../src/server/http-server';
import { gitlabPush, send, sha } from '../src/testing/webhook-senders';
import { BENCH_ENV, benchCatalog, noopLogs } from './doubles';
import { freePorts, percentile } from './measure';

const TOKEN = 'bench-token';
const REPO_BASE = 'https://git.example.com/bench';
const SERVICES = 20;
const WARMUP = 30;

const print = (line = ''): void => void process.stdout.write(`${line}\n`);

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a positive whole number`);
  return value;
}

/** Posts `count` distinct pushes, `concurrency` at a time; returns each ack's latency in ms. */
async function post(base: string, count: number, concurrency: number, branch: string, seed: string) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      const delivery = gitlabPush({
        token: TOKEN,
        project: `bench/svc-${i % SERVICES}`,
        branch,
        after: sha(`${seed}:${i}`),
      });
      const started = process.hrtime.bigint();
      const reply = await send(base, delivery);
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { latencies: latencies.sort((a, b) => a - b), statuses };
}

function row(label: string, concurrency: number, wallMs: number, r: Awaited<ReturnType<typeof post>>): string {
  const { latencies } = r;
  const mean = latencies.reduce((s, x) => s + x, 0) / latencies.length;
  const codes = [...r.statuses].map(([s, c]) => `${s}×${c}`).join(' ');
  const cells = [
    label.padEnd(24),
    String(latencies.length).padStart(4),
    String(concurrency).padStart(4),
    percentile(latencies, 50).toFixed(2).padStart(7),
    percentile(latencies, 95).toFixed(2).padStart(7),
    percentile(latencies, 99).toFixed(2).padStart(7),
    mean.toFixed(2).padStart(7),
    ((latencies.length / wallMs) * 1000).toFixed(0).padStart(6),
    codes,
  ];
  return `| ${cells.join(' | ')} |`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const n = option(args, 'n', 300);
  const concurrency = option(args, 'concurrency', 10);
  const dataDir = mkdtempSync(join(tmpdir(), 'gantry-ack-bench-'));
  const [port = 0, uiPort = 0] = await freePorts(2);
  const dev = await startDevServer({
    binary: temporalBinary('cli'),
    dataDir,
    address: `127.0.0.1:${port}`,
    uiUrl: `http://127.0.0.1:${uiPort}`,
    log: () => undefined,
  });
  const connection = await Connection.connect({ address: dev.address });
  let server: Server | undefined;
  try {
    const client = new Client({ connection });
    server = createHttpServer({
      gantry: createGantryClient(client, 'gantry-ack-bench'),
      catalog: benchCatalog(SERVICES),
      logs: noopLogs,
      gitlabToken: TOKEN,
      githubSecret: '',
      repoBase: REPO_BASE,
    });
    const listening = server;
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    await post(base, WARMUP, 1, BENCH_ENV, 'warmup');
    const runs: [string, number, string][] = [
      ['push → pipeline started', 1, BENCH_ENV],
      ['push → pipeline started', concurrency, BENCH_ENV],
      ['push, unmapped branch', 1, 'no-such-branch'],
      ['push, unmapped branch', concurrency, 'no-such-branch'],
    ];
    print(`webhook ack latency, ${n} signed GitLab pushes per run; load average ${loadavg()[0]?.toFixed(1)}`);
    print('| run                      |    N | conc |  p50 ms |  p95 ms |  p99 ms | mean ms | per s | statuses |');
    print('|--------------------------|-----:|-----:|--------:|--------:|--------:|--------:|------:|----------|');
    for (const [label, lanes, branch] of runs) {
      const started = Date.now();
      const result = await post(base, n, lanes, branch, `${label}:${lanes}:${Date.now()}`);
      print(row(label, lanes, Date.now() - started, result));
    }
  } finally {
    server?.close();
    await connection.close();
    await dev.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  print(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
