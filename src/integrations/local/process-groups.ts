import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { DeployIo } from '../../ports/deploy-target';
import type { TrackRecord } from './track-records';

const HOST_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'JAVA_HOME'];

export interface ProcessGroups {
  /** How a process started here ended (dead is known at once, with the exit code for the diagnosis). */
  exitOf(pid: number): string | undefined;
  isAlive(record: TrackRecord): boolean;
  /** False when the recorded pid now belongs to another process: a live pgid is never handed out as a new pid. */
  ownsGroup(record: TrackRecord): boolean;
  stopGroup(pid: number, io?: DeployIo): Promise<void>;
  /** Runs `bash start.sh <environment>` in `dir` as a process group of its own, output to logs/stdout.log. */
  start(dir: string, environment: string, env: Record<string, string>): number;
  /** Started but maybe not recorded (a sync that failed half-way): still ours to stop. */
  startedPids(): number[];
}

/** The tracks' processes: each is a process group, stopped with SIGTERM and, after `stopGraceMs`, SIGKILL. */
export function createProcessGroups(stopGraceMs: number): ProcessGroups {
  const exits = new Map<number, string>();
  const started = new Set<number>();
  const procCwdWorks = process.platform === 'linux' && existsSync('/proc/self/cwd');

  const isAlive = (record: TrackRecord): boolean => {
    if (exits.has(record.pid) || !isRunning(record.pid)) return false;
    if (!procCwdWorks) return true;
    // Guards against a reused pid (and sees zombies as dead): the service runs in its own run dir.
    try {
      return readlinkSync(`/proc/${record.pid}/cwd`) === record.dir;
    } catch {
      return false;
    }
  };

  const ownsGroup = (record: TrackRecord): boolean => {
    if (!procCwdWorks || !isRunning(record.pid)) return true;
    try {
      return readlinkSync(`/proc/${record.pid}/cwd`) === record.dir;
    } catch {
      return true; // a zombie: ours, not yet reaped
    }
  };

  const stopGroup = async (pid: number, io?: DeployIo): Promise<void> => {
    const startedAt = Date.now();
    if (!signalGroup(pid, 'SIGTERM')) return;
    while (groupExists(pid) && Date.now() - startedAt < stopGraceMs) {
      io?.heartbeat({ phase: `stopping process group ${pid}`, elapsedMs: Date.now() - startedAt });
      await delay(50);
    }
    if (signalGroup(pid, 'SIGKILL')) {
      for (let i = 0; i < 40 && groupExists(pid); i++) await delay(50);
    }
    started.delete(pid);
  };

  const start = (dir: string, environment: string, env: Record<string, string>): number => {
    const out = openSync(path.join(dir, 'logs', 'stdout.log'), 'a');
    try {
      const child = spawn('bash', ['start.sh', environment], {
        cwd: dir,
        // Its own process group: stopping -pid reaches whatever start.sh started.
        detached: true,
        stdio: ['ignore', out, out],
        env,
      });
      const pid = child.pid;
      if (pid === undefined) throw new Error(`could not start bash start.sh in ${dir}`);
      exits.delete(pid);
      started.add(pid);
      child.on('error', () => undefined);
      child.on('exit', (code, signal) => exits.set(pid, signal ? `killed by ${signal}` : `exited with code ${code}`));
      child.unref();
      return pid;
    } finally {
      closeSync(out);
    }
  };

  return {
    exitOf: (pid) => exits.get(pid),
    isAlive,
    ownsGroup,
    stopGroup,
    start,
    startedPids: () => [...started],
  };
}

/** The variables a service starts from by default: a few host ones (services must not see worker secrets). */
export function pickHostEnv(): Record<string, string> {
  return Object.fromEntries(
    HOST_ENV.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])),
  );
}

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupExists(pid: number): boolean {
  return signalGroup(pid, 0);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
