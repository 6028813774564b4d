"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.GitError = void 0;
exports.redactUrl = redactUrl;
exports.runGit = runGit;
exports.gitTest = gitTest;
exports.createKeyedMutex = createKeyedMutex;
const node_child_process_1 = require("node:child_process");
const DEFAULT_IDENTITY = { name: 'Gantry', email: 'gantry@localhost' };
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
/** Hides credentials embedded in URLs (`https://user:token@host`) so they never reach logs or error messages. */
function redactUrl(text) {
    return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@');
}
class GitError extends Error {
    args;
    exitCode;
    stderr;
    stdout;
    name = 'GitError';
    constructor(
    /** The git arguments, credentials redacted. */
    args, 
    /** Exit code, or null when git could not be started or was killed. */
    exitCode, stderr, stdout, reason) {
        const detail = stderr.trim().split('\n').slice(-5).join('\n');
        super(`git ${args.join(' ')} ${reason}${detail ? `: ${detail}` : ''}`);
        this.args = args;
        this.exitCode = exitCode;
        this.stderr = stderr;
        this.stdout = stdout;
    }
}
exports.GitError = GitError;
/** Runs git and resolves with its stdout; rejects with a GitError carrying the command, exit code and stderr. */
function runGit(args, opts = {}) {
    const identity = opts.identity ?? DEFAULT_IDENTITY;
    // Passed on every call: harmless for read-only commands, and commits never depend on the host's git config.
    const fullArgs = ['-c', `user.name=${identity.name}`, '-c', `user.email=${identity.email}`, ...args];
    return new Promise((resolve, reject) => {
        const child = (0, node_child_process_1.execFile)('git', fullArgs, {
            cwd: opts.cwd,
            // Never wait on a credential prompt; C locale keeps the messages we match on stable.
            env: { ...process.env, ...opts.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
            signal: opts.signal,
            timeout: opts.timeoutMs,
            maxBuffer: MAX_OUTPUT_BYTES,
            encoding: 'utf8',
        }, (error, stdout, stderr) => {
            if (!error) {
                resolve(stdout);
                return;
            }
            const shownArgs = args.map(redactUrl);
            const exitCode = typeof error.code === 'number' ? error.code : null;
            let reason;
            if (opts.signal?.aborted)
                reason = 'was aborted';
            else if (error.killed && opts.timeoutMs !== undefined)
                reason = `timed out after ${opts.timeoutMs} ms`;
            else if (exitCode !== null)
                reason = `failed (exit ${exitCode})`;
            else
                reason = `failed (${error.signal ?? error.code ?? error.message})`;
            reject(new GitError(shownArgs, exitCode, redactUrl(stderr), redactUrl(stdout), reason));
        });
        // Without input, stdin is closed at once so git never waits on it.
        child.stdin?.on('error', () => undefined);
        child.stdin?.end(opts.input ?? '');
    });
}
/** For yes/no queries (`merge-base --is-ancestor`, `rev-parse --verify --quiet`): exit 0 → true, 1 → false. */
async function gitTest(args, opts = {}) {
    try {
        await runGit(args, opts);
        return true;
    }
    catch (err) {
        if (err instanceof GitError && err.exitCode === 1)
            return false;
        throw err;
    }
}
/**
 * Serialises async work per key within this process: callers with the same key run one after another, in order.
 * Module-level maps make two instances pointing at the same directory share the lock.
 */
function createKeyedMutex() {
    const tails = new Map();
    return async (key, fn) => {
        const previous = tails.get(key) ?? Promise.resolve();
        let release;
        const current = new Promise((resolve) => (release = resolve));
        const tail = previous.then(() => current);
        tails.set(key, tail);
        await previous;
        try {
            return await fn();
        }
        finally {
            release();
            if (tails.get(key) === tail)
                tails.delete(key);
        }
    };
}
//# sourceMappingURL=run-git.js.map