import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** A child process of the fault suite: its output goes to <dir>/<name>.log; it can be killed and started again. */
export interface Managed {
  readonly name: string;
  pid(): number | undefined;
  start(): Promise<void>;
  /** Sends `signal` and waits for the exit (SIGKILL after `graceMs`). */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  /** The first stdout line (e.g. a JSON with the double's URL). */
  firstLine(): Promise<string>;
}

export function managed(name: string, logDir: string, args: string[], env: NodeJS.ProcessEnv): Managed {
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let line: Promise<string> = Promise.resolve('');
  const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  return {
    name,
    pid: () => child?.pid,
    async start() {
      log.write(`--- ${new Date().toISOString()} start\n`);
      const c = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      exited = new Promise((resolve) => c.once('exit', () => resolve()));
      line = new Promise((resolve) => {
        let buffer = '';
        c.stdout?.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          const nl = buffer.indexOf('\n');
          if (nl >= 0) resolve(buffer.slice(0, nl));
        });
        void exited.then(() => resolve(buffer));
      });
      c.stdout?.pipe(log, { end: false });
      c.stderr?.pipe(log, { end: false });
    },
    async stop(signal = 'SIGTERM', graceMs = 30_000) {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      log.write(`--- ${new Date().toISOString()} ${signal}\n`);
      c.kill(signal);
      const timer = setTimeout(() => c.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    firstLine: () => line,
  };
}

/** Polls `check` until it returns true; false when `timeoutMs` passes first. */
export async function until(check: () => Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await delay(everyMs);
  }
  return false;
}
