import net from 'node:net';

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

export interface RunResult {
  run: string;
  n: number;
  wallMs: number;
  /** End-to-end latency of each workflow that succeeded, ascending. */
  latencies: number[];
  peakRssMiB: number;
  errors: number;
  firstErrors: string[];
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
): Promise<RunResult> {
  const rss = new RssSampler();
  const latencies: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  rss.start();
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
  latencies.sort((a, b) => a - b);
  return { run, n, wallMs, latencies, peakRssMiB, errors, firstErrors };
}

const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;

/** One table row per run; a release row is compared with the bare row of the same N. */
export function formatTable(results: readonly RunResult[]): string {
  const header = ['run', 'N', 'wall s', 'per min', 'p50 ms', 'p95 ms', 'ratio vs bare', 'peak RSS MiB', 'errors'];
  const rows = results.map((r) => {
    const bare = results.find((b) => b.run === 'bare' && b.n === r.n);
    const p50 = percentile(r.latencies, 50);
    const versus =
      r.run === 'bare' || !bare
        ? '1.00× (baseline)'
        : `p50 ${ratio(p50, percentile(bare.latencies, 50))}, wall ${ratio(r.wallMs, bare.wallMs)}`;
    return [
      r.run,
      String(r.n),
      (r.wallMs / 1000).toFixed(2),
      ((r.n / r.wallMs) * 60_000).toFixed(0),
      p50.toFixed(0),
      percentile(r.latencies, 95).toFixed(0),
      versus,
      r.peakRssMiB.toFixed(0),
      String(r.errors),
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]?.length ?? 0)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, c) => (c === 0 || c === 6 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (c === 0 || c === 6 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
