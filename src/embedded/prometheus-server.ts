import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { request } from 'undici';

/** One process Prometheus scrapes, with the labels queries select it by (service, environment, track). */
export interface ScrapeTarget {
  /** host:port serving /metrics */
  address: string;
  labels: Record<string, string>;
}

export interface PrometheusServer {
  url: string;
  /** Replaces the scraped targets (file_sd: Prometheus notices the file within about a second, no restart). */
  setTargets(targets: readonly ScrapeTarget[]): Promise<void>;
  /** Re-reads the configuration (the lifecycle API). */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /** Debian's package installs /usr/bin/prometheus (scripts/install-system-packages.sh). */
  binary?: string;
  /** Configuration, file_sd targets and the TSDB live here. */
  dataDir: string;
  host?: string;
  port: number;
  /** Short by default: a gray step bakes for minutes, and its checks need several samples within it. */
  scrapeInterval?: string;
  targets?: readonly ScrapeTarget[];
  log?: (line: string) => void;
}

const DEFAULT_BINARY = '/usr/bin/prometheus';
const TARGETS_FILE = 'targets.json';

/**
 * A Prometheus server on loopback for the embedded mode and the tests: it scrapes the example services through
 * file-based service discovery, so starting or stopping a track only rewrites a JSON file.
 */
export async function startPrometheus(opts: PrometheusOptions): Promise<PrometheusServer> {
  const binary = opts.binary ?? DEFAULT_BINARY;
  if (!existsSync(binary)) {
    throw new Error(`${binary} not found: run "sudo bash scripts/install-system-packages.sh" (Debian's prometheus)`);
  }
  const host = opts.host ?? '127.0.0.1';
  const interval = opts.scrapeInterval ?? '1s';
  const url = `http://${host}:${opts.port}`;
  await mkdir(join(opts.dataDir, 'tsdb'), { recursive: true });
  const targetsFile = join(opts.dataDir, TARGETS_FILE);
  const setTargets = async (targets: readonly ScrapeTarget[]): Promise<void> => {
    const groups = targets.map((t) => ({ targets: [t.address], labels: t.labels }));
    // Written whole and renamed, so Prometheus never reads half a file.
    await writeFile(`${targetsFile}.tmp`, JSON.stringify(groups, null, 2));
    await rename(`${targetsFile}.tmp`, targetsFile);
  };
  await setTargets(opts.targets ?? []);
  const configFile = join(opts.dataDir, 'prometheus.yml');
  await writeFile(configFile, renderConfig(targetsFile, interval));

  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(opts.dataDir, 'tsdb')}`,
      `--web.listen-address=${host}:${opts.port}`,
      '--web.enable-lifecycle',
      // Gray analysis looks minutes back; nothing older is worth the disk.
      '--storage.tsdb.retention.time=1d',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  const keep = (d: Buffer): void => {
    const text = d.toString().trimEnd();
    output.push(text);
    if (output.length > 20) output.shift();
    opts.log?.(`[prometheus] ${text}`);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`prometheus exited (${child.exitCode ?? child.signalCode}) on ${url}:\n${output.join('\n')}`);
    }
    if (await answers(`${url}/-/ready`)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`prometheus did not become ready on ${url} within 30 s:\n${output.join('\n')}`);
    }
    await delay(100);
  }

  return {
    url,
    setTargets,
    async reload() {
      const res = await request(`${url}/-/reload`, { method: 'POST' });
      const body = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`prometheus reload answered ${res.statusCode}: ${body}`);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function renderConfig(targetsFile: string, interval: string): string {
  return [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    'scrape_configs:',
    '  - job_name: gantry-services',
    `    scrape_timeout: ${interval}`,
    '    file_sd_configs:',
    `      - files: [${JSON.stringify(targetsFile)}]`,
    `        refresh_interval: ${interval}`,
    '',
  ].join('\n');
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await request(url, { headersTimeout: 1000, bodyTimeout: 1000 });
    await res.body.dump();
    return res.statusCode === 200;
  } catch {
    return false;
  }
}
