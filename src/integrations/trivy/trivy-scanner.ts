import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ImageScanner, ImageScanReport, ImageScanRequest } from '../../ports/image-scanner';
import type { LogStore, LogWriter } from '../../ports/log-store';
import { runTool, type ToolIo } from '../process/run-tool';
import { parseTrivyReport } from './trivy-report';

/** What trivy scans for one image: a directory tree (the embedded image store) or an image in a registry. */
export type TrivyTarget =
  | {
      kind: 'rootfs';
      path: string;
      /** Removes what was unpacked for the scan (a package), once it is done. */
      cleanup?: () => Promise<void>;
    }
  | { kind: 'image'; ref: string; insecure?: boolean; username?: string; password?: string };

export interface TrivyScannerDeps {
  logs: LogStore;
  /** The trivy binary (scripts/build-trivy.sh puts it in .tools/bin). */
  trivy: string;
  /** trivy's cache: its vulnerability database lives in <cacheDir>/db. Never downloaded by the gate. */
  cacheDir: string;
  resolveTarget: (image: string) => Promise<TrivyTarget> | TrivyTarget;
  heartbeatIntervalMs?: number;
}

const TAIL_BYTES = 8 * 1024;

/**
 * The image scan gate's scanner: the real trivy, offline. `--skip-db-update` and `--offline-scan` mean nothing is
 * downloaded; without a database in the cache the vulnerability scanner is skipped (and said so), while the
 * secret scanner needs none.
 */
export function createTrivyScanner(deps: TrivyScannerDeps): ImageScanner {
  const heartbeatIntervalMs = deps.heartbeatIntervalMs ?? 2000;
  return {
    async scan(req: ImageScanRequest, io: ToolIo): Promise<ImageScanReport> {
      const log = deps.logs.open(req.logId);
      const say = (line: string): void => log.write(`[scan] ${line}\n`);
      const work = await mkdtemp(path.join(tmpdir(), 'gantry-trivy-'));
      let target: TrivyTarget | undefined;
      try {
        const version = (await runTrivy(deps.trivy, ['--version'], { log, io, timeoutMs: 30_000, heartbeatIntervalMs }))
          .split('\n')[0]
          ?.trim();
        const skipped: ImageScanReport['skipped'] = [];
        const hasDb = existsSync(path.join(deps.cacheDir, 'db', 'trivy.db'));
        const scanners = req.scanners.filter((s) => {
          if (s !== 'vuln' || hasDb) return true;
          skipped.push({
            scanner: 'vuln',
            reason: `no vulnerability database in ${path.join(deps.cacheDir, 'db')} (the gate never downloads one; see the README)`,
          });
          return false;
        });
        for (const s of skipped) say(`${s.scanner} scanner skipped: ${s.reason}`);
        if (scanners.length === 0) return { findings: [], skipped, scanner: version ?? 'trivy' };

        target = await deps.resolveTarget(req.image);
        const output = path.join(work, 'report.json');
        const args = [
          target.kind,
          '--scanners',
          scanners.join(','),
          '--format',
          'json',
          '--output',
          output,
          '--cache-dir',
          deps.cacheDir,
          '--skip-db-update',
          '--skip-java-db-update',
          '--offline-scan',
          '--skip-version-check',
          '--no-progress',
          '--exit-code',
          '0',
          '--timeout',
          `${Math.max(1, Math.ceil(req.timeoutMs / 1000))}s`,
        ];
        const env: Record<string, string> = {};
        if (target.kind === 'image') {
          args.push('--image-src', 'remote');
          if (target.insecure) args.push('--insecure');
          // Credentials through the environment, so they are not on a command line others can read.
          if (target.username !== undefined) env.TRIVY_USERNAME = target.username;
          if (target.password !== undefined) env.TRIVY_PASSWORD = target.password;
          args.push(target.ref);
        } else args.push(target.path);
        say(`${version ?? 'trivy'}: scanning ${req.image} (${target.kind}) for ${scanners.join(', ')}`);
        await runTrivy(deps.trivy, args, { log, io, timeoutMs: req.timeoutMs, heartbeatIntervalMs, env });
        const findings = parseTrivyReport(await readFile(output, 'utf8'));
        return { findings, skipped, scanner: version ?? 'trivy' };
      } finally {
        await rm(work, { recursive: true, force: true });
        if (target?.kind === 'rootfs') await target.cleanup?.();
        await log.close();
      }
    },
  };
}

interface RunOptions {
  log: LogWriter;
  io: ToolIo;
  timeoutMs: number;
  heartbeatIntervalMs: number;
  env?: Record<string, string>;
}

/** Runs trivy with its output in the log; resolves with stdout, rejects with the output tail. */
async function runTrivy(binary: string, args: string[], opts: RunOptions): Promise<string> {
  const exit = await runTool(binary, args, {
    io: opts.io,
    cancelled: 'image scan cancelled',
    // Only what trivy needs: HOME for its defaults, PATH; never the worker's own secrets.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir(), ...opts.env },
    timeoutMs: opts.timeoutMs,
    heartbeatIntervalMs: opts.heartbeatIntervalMs,
    tailBytes: TAIL_BYTES,
    tailOf: 'stderr',
    keepStdout: true,
    onOutput: (chunk) => opts.log.write(chunk),
  });
  if (exit.signal) throw new Error(`trivy was stopped (${exit.signal}) after its time limit of ${opts.timeoutMs} ms`);
  if (exit.code !== 0) throw new Error(`trivy exited with code ${exit.code}\n${exit.tail.trimEnd()}`);
  return exit.stdout;
}
