import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { loadavg } from 'node:os';

/** Distinct ports nothing listens on right now (held together while picking, so they cannot collide). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => {
    const address = s.address();
    return typeof address === 'object' && address ? address.port : 0;
  });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  if (ports.some((p) => p === 0)) throw new Error('the OS assigned no free port');
  return ports;
}

/** Nearest-rank percentile of an ascending list; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? NaN;
}

/** Samples this process's RSS every 100 ms; the worker runs in-process, so this is the worker's peak. */
export class RssSampler {
  private peakBytes = 0;
  private timer?: NodeJS.Timeout;

  start(): void {
    this.peakBytes = process.memoryUsage().rss;
    this.timer = setInterval(() => {
      this.peakBytes = Math.max(this.peakBytes, process.memoryUsage().rss);
    }, 100);
  }

  stop(): number {
    clearInterval(this.timer);
    this.peakBytes = Math.max(this.peakBytes, process.memoryUsage().rss);
    return this.peakBytes / 2 ** 20;
  }
}

/** The process whose command line contains `marker` (Linux /proc), e.g. the dev server by its data dir. */
export function findPid(marker: string): number | undefined {
  for (const entry of safe(() => readdirSync('/proc'), [])) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    if (safe(() => readFileSync(`/proc/${entry}/cmdline`, 'utf8'), '').includes(marker)) return Number(entry);
  }
  return undefined;
}

/** CPU seconds (user + system) a process has used so far; NaN when unknown. Assumes the usual 100 ticks/s. */
export function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const stat = safe(() => readFileSync(`/proc/${pid}/stat`, 'utf8'), '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const ownCpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

export interface RunResult {
  run: string;
  n: number;
  wallMs: number;
  /** End-to-end latency of each workflow that succeeded, ascending. */
  latencies: number[];
  peakRssMiB: number;
  errors: number;
  firstErrors: string[];
  /** CPU seconds used during the run by this process (client + worker) and by the dev server. */
  workerCpuS: number;
  serverCpuS: number;
  /** The machine's 1-minute load average at the end of the run: other work on the box skews the numbers. */
  load1: number;
}

/**
 * Starts n workflows at once and waits for all; `one(i)` runs workflow i from its start call to its result.
 * Fails (rather than hangs) when the whole run exceeds `deadlineMs`.
 */
export async function measureRun(
  run: string,
  n: number,
  deadlineMs: number,
  one: (i: number) => Promise<unknown>,
  serverPid?: number,
): Promise<RunResult> {
  const rss = new RssSampler();
  const latencies: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  rss.start();
  const cpu0 = { own: ownCpuSeconds(), server: cpuSecondsOf(serverPid) };
  const t0 = performance.now();
  const all = Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const started = performance.now();
      try {
        await one(i);
        latencies.push(performance.now() - started);
      } catch (err) {
        errors++;
        if (firstErrors.length < 5) firstErrors.push(`#${i}: ${(err as Error).message}`);
      }
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${run} (N=${n}) did not finish within ${deadlineMs / 60_000} min`)),
      deadlineMs,
    );
  });
  try {
    await Promise.race([all, deadline]);
  } finally {
    clearTimeout(timer);
  }
  const wallMs = performance.now() - t0;
  const peakRssMiB = rss.stop();
  const workerCpuS = ownCpuSeconds() - cpu0.own;
  const serverCpuS = cpuSecondsOf(serverPid) - cpu0.server;
  latencies.sort((a, b) => a - b);
  return {
    run,
    n,
    wallMs,
    latencies,
    peakRssMiB,
    errors,
    firstErrors,
    workerCpuS,
    serverCpuS,
    load1: loadavg()[0] ?? NaN,
  };
}
