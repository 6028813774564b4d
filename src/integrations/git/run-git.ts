import { execFile } from 'node:child_process';

export interface GitIdentity {
  name: string;
  email: string;
}

export interface RunGitOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Author and committer for commands that create commits; defaults to Gantry. */
  identity?: GitIdentity;
  /** Written to git's stdin (e.g. `hash-object --stdin`). */
  input?: string;
}

const DEFAULT_IDENTITY: GitIdentity = { name: 'Gantry', email: 'gantry@localhost' };

const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** Hides credentials embedded in URLs (`https://user:token@host`) so they never reach logs or error messages. */
export function redactUrl(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@');
}

export class GitError extends Error {
  override readonly name = 'GitError';

  constructor(
    /** The git arguments, credentials redacted. */
    readonly args: string[],
    /** Exit code, or null when git could not be started or was killed. */
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly stdout: string,
    reason: string,
  ) {
    const detail = stderr.trim().split('\n').slice(-5).join('\n');
    super(`git ${args.join(' ')} ${reason}${detail ? `: ${detail}` : ''}`);
  }
}

/** Runs git and resolves with its stdout; rejects with a GitError carrying the command, exit code and stderr. */
export function runGit(args: string[], opts: RunGitOptions = {}): Promise<string> {
  const identity = opts.identity ?? DEFAULT_IDENTITY;
  // Passed on every call: harmless for read-only commands, and commits never depend on the host's git config.
  const fullArgs = ['-c', `user.name=${identity.name}`, '-c', `user.email=${identity.email}`, ...args];
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      fullArgs,
      {
        cwd: opts.cwd,
        // Never wait on a credential prompt; C locale keeps the messages we match on stable.
        env: { ...process.env, ...opts.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
        signal: opts.signal,
        timeout: opts.timeoutMs,
        maxBuffer: MAX_OUTPUT_BYTES,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(stdout);
          return;
        }
        const shownArgs = args.map(redactUrl);
        const exitCode = typeof error.code === 'number' ? error.code : null;
        let reason: string;
        if (opts.signal?.aborted) reason = 'was aborted';
        else if (error.killed && opts.timeoutMs !== undefined) reason = `timed out after ${opts.timeoutMs} ms`;
        else if (exitCode !== null) reason = `failed (exit ${exitCode})`;
        else reason = `failed (${error.signal ?? error.code ?? error.message})`;
        reject(new GitError(shownArgs, exitCode, redactUrl(stderr), redactUrl(stdout), reason));
      },
    );
    // Without input, stdin is closed at once so git never waits on it.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(opts.input ?? '');
  });
}

/** For yes/no queries (`merge-base --is-ancestor`, `rev-parse --verify --quiet`): exit 0 → true, 1 → false. */
export async function gitTest(args: string[], opts: RunGitOptions = {}): Promise<boolean> {
  try {
    await runGit(args, opts);
    return true;
  } catch (err) {
    if (err instanceof GitError && err.exitCode === 1) return false;
    throw err;
  }
}

/**
 * Serialises async work per key within this process: callers with the same key run one after another, in order.
 * Module-level maps make two instances pointing at the same directory share the lock.
 */
export function createKeyedMutex(): <T>(key: string, fn: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<void>>();
  return async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
