import { spawn } from 'node:child_process';
import { abortError } from '../../util/abort';
import { signalGroup } from './signal-group';

export interface ToolIo {
  signal: AbortSignal;
  heartbeat: () => void;
}

export interface RunToolOptions {
  io: ToolIo;
  /** The error message when cancelled and the abort reason is no Error of its own. */
  cancelled: string;
  /** The tool's whole environment: callers pass only what it needs, never the worker's own secrets. */
  env: Record<string, string>;
  cwd?: string;
  /** Written to stdin, which is then closed (at once, without it). */
  stdin?: string;
  heartbeatIntervalMs: number;
  /** The tail keeps the last tailBytes of stderr, or of stdout and stderr together. */
  tailBytes: number;
  tailOf: 'stderr' | 'all';
  /** All of stdout, for tools that answer there (JSON, a version); otherwise only the tail and onOutput see it. */
  keepStdout?: boolean;
  /** Every chunk of output as it arrives, e.g. for the log. */
  onOutput?: (chunk: Buffer, stream: 'stdout' | 'stderr') => void;
  /** Killed with SIGKILL after this long (exit.signal then says so). */
  timeoutMs?: number;
  /**
   * For a tool that starts processes of its own (buildah's RUN steps): it runs in a process group, which a cancel
   * stops with SIGTERM, then SIGKILL after killGraceMs, and which goes with the tool when it exits.
   */
  group?: { killGraceMs: number; onCancel?: () => void };
}

export interface ToolExit {
  /** null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Empty unless keepStdout. */
  stdout: string;
  tail: string;
}

/** How long output still in the pipes may take once a process group is gone: an escaped process could hold them. */
const DRAIN_MS = 1000;

/**
 * Runs a tool to its end, heartbeating meanwhile, and resolves with how it exited and the tail of its output.
 * Rejects only when cancelled or when the tool cannot be started: what a failed exit means is the caller's to say.
 */
export async function runTool(binary: string, args: string[], opts: RunToolOptions): Promise<ToolExit> {
  const { io, group } = opts;
  if (io.signal.aborted) throw abortError(io.signal, opts.cancelled);
  const child = spawn(binary, args, {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    // A lone process node kills itself on abort and timeout; a group is stopped below, as a whole.
    ...(group ? { detached: true } : { signal: io.signal, timeout: opts.timeoutMs, killSignal: 'SIGKILL' as const }),
  });
  // A tool that exits without reading its stdin must not fail the run with EPIPE.
  child.stdin.on('error', () => undefined);
  child.stdin.end(opts.stdin ?? '');
  let stdout = '';
  let tail = '';
  const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    if (stream === 'stdout' && opts.keepStdout) stdout += chunk.toString('utf8');
    if (stream === 'stderr' || opts.tailOf === 'all') tail = (tail + chunk.toString('utf8')).slice(-opts.tailBytes);
    opts.onOutput?.(chunk, stream);
  };
  child.stdout.on('data', collect('stdout'));
  child.stderr.on('data', collect('stderr'));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));

  let killTimer: NodeJS.Timeout | undefined;
  const stopGroup = (): void => {
    if (!group || killTimer || child.pid === undefined) return;
    const pgid = child.pid;
    signalGroup(pgid, 'SIGTERM');
    killTimer = setTimeout(() => signalGroup(pgid, 'SIGKILL'), group.killGraceMs);
  };
  const onAbort = (): void => {
    if (killTimer) return;
    group?.onCancel?.();
    stopGroup();
  };
  if (group) io.signal.addEventListener('abort', onAbort, { once: true });
  const timeLimit = group && opts.timeoutMs !== undefined ? setTimeout(stopGroup, opts.timeoutMs) : undefined;
  const heartbeat = setInterval(() => {
    try {
      io.heartbeat();
    } catch {
      // A failed heartbeat must not fail the tool; cancellation arrives through the signal.
    }
  }, opts.heartbeatIntervalMs);
  try {
    const exit = await exited;
    if (group && child.pid !== undefined) {
      // Whatever the tool started and left running must not outlive it: the group goes too.
      signalGroup(child.pid, 'SIGKILL');
      let drainTimer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise((resolve) => (drainTimer = setTimeout(resolve, DRAIN_MS)))]);
      clearTimeout(drainTimer);
    } else if (!exit.error) await closed;
    if (io.signal.aborted) throw abortError(io.signal, opts.cancelled);
    if (exit.error) throw new Error(`could not run ${binary}: ${exit.error.message}`);
    return { code: exit.code, signal: exit.signal, stdout, tail };
  } finally {
    clearInterval(heartbeat);
    clearTimeout(timeLimit);
    clearTimeout(killTimer);
    io.signal.removeEventListener('abort', onAbort);
  }
}
