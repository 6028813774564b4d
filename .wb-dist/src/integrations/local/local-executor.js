"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createLocalExecutor = createLocalExecutor;
exports.withToolchain = withToolchain;
exports.pickEnv = pickEnv;
const node_child_process_1 = require("node:child_process");
const node_os_1 = require("node:os");
const promises_1 = require("node:fs/promises");
const promises_2 = require("node:timers/promises");
const abort_1 = require("../../util/abort");
const signal_group_1 = require("../process/signal-group");
/**
 * The only host variables a step inherits. A step must not see the worker's secrets, but toolchains break
 * without these: HOME/PATH/LANG for everything, the Go, npm and Maven caches so builds reuse downloads instead
 * of refetching the world, JAVA_HOME so Maven finds its JDK.
 */
const INHERITED_ENV = [
    'PATH',
    'HOME',
    'LANG',
    'GOPATH',
    'GOCACHE',
    'GOMODCACHE',
    'GOFLAGS',
    'npm_config_cache',
    'MAVEN_OPTS',
    'JAVA_HOME',
];
const TAIL_LINES = 40;
const MAX_TIMER_MS = 2 ** 31 - 1;
const POLL_MS = 50;
/** Runs steps as host processes: `bash -o pipefail -c <command>` in the workspace, one process group per step. */
function createLocalExecutor(deps) {
    const baseEnv = deps.baseEnv ?? pickEnv(process.env);
    const heartbeatIntervalMs = deps.heartbeatIntervalMs ?? 2000;
    const killGraceMs = deps.killGraceMs ?? 3000;
    return {
        async run(step, io) {
            if (io.signal.aborted)
                throw (0, abort_1.abortError)(io.signal, 'the step was cancelled');
            const info = await (0, promises_1.stat)(step.workspace).catch(() => undefined);
            // Checked up front: spawn reports a missing cwd as "spawn bash ENOENT", which points at the wrong thing.
            if (!info?.isDirectory())
                throw new Error(`step ${step.name}: workspace ${step.workspace} is not a directory`);
            const log = deps.logs.open(step.logId);
            const started = Date.now();
            log.write(`[gantry] ${new Date(started).toISOString()} step ${step.name} in ${step.workspace}\n$ ${step.command}\n`);
            const child = (0, node_child_process_1.spawn)('bash', ['-o', 'pipefail', '-c', step.command], {
                cwd: step.workspace,
                env: { ...withToolchain(baseEnv, step.toolchain), ...step.env },
                // Its own process group: killing -pid reaches everything the command started, not just bash.
                detached: true,
                stdio: ['ignore', 'pipe', 'pipe'],
            });
            const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
            // Only a failed spawn emits 'error' here (no pid, no 'exit'); signals go through process.kill.
            const spawnFailed = new Promise((resolve) => child.on('error', resolve));
            const streamsClosed = new Promise((resolve) => child.once('close', () => resolve()));
            child.stdout.on('data', (chunk) => log.write(chunk));
            child.stderr.on('data', (chunk) => log.write(chunk));
            const pgid = child.pid;
            let stopReason;
            let killTimer;
            const terminate = () => {
                if (killTimer || pgid === undefined)
                    return;
                (0, signal_group_1.signalGroup)(pgid, 'SIGTERM');
                killTimer = setTimeout(() => (0, signal_group_1.signalGroup)(pgid, 'SIGKILL'), killGraceMs);
            };
            const stop = (reason) => {
                stopReason ??= reason;
                terminate();
            };
            const onAbort = () => stop('cancelled');
            io.signal.addEventListener('abort', onAbort, { once: true });
            const heartbeat = setInterval(() => {
                try {
                    io.heartbeat({ step: step.name, elapsedMs: Date.now() - started });
                }
                catch {
                    // A failed heartbeat must not kill the step; cancellation arrives through the signal.
                }
            }, heartbeatIntervalMs);
            const timeLimit = step.timeoutMs > 0 ? setTimeout(() => stop('timeout'), Math.min(step.timeoutMs, MAX_TIMER_MS)) : undefined;
            try {
                if (pgid === undefined) {
                    const error = await spawnFailed;
                    log.write(`[gantry] could not start bash: ${error.message}\n`);
                    throw new Error(`step ${step.name}: could not start bash: ${error.message}`);
                }
                const exit = await exited;
                clearTimeout(timeLimit);
                // The shell is gone but what it started in the background may live on: end the rest of the group too.
                if (!killTimer && (await groupAlive(pgid))) {
                    log.write('[gantry] the command left processes running; stopping them\n');
                    terminate();
                }
                const gone = await waitFor(async () => !(await groupAlive(pgid)), killGraceMs + 2000);
                if (!gone)
                    log.write(`[gantry] warning: processes of group ${pgid} survived SIGKILL\n`);
                // Output still in the pipes belongs before the footer; a process that escaped the group could hold
                // them open forever, hence the bound.
                const drained = await Promise.race([streamsClosed.then(() => true), (0, promises_2.setTimeout)(1000).then(() => false)]);
                if (!drained) {
                    child.stdout.destroy();
                    child.stderr.destroy();
                }
                const durationMs = Date.now() - started;
                const exitCode = exit.code ?? 128 + (exit.signal ? (node_os_1.constants.signals[exit.signal] ?? 0) : 0);
                const seconds = (durationMs / 1000).toFixed(1);
                if (stopReason === 'cancelled') {
                    log.write(`[gantry] cancelled after ${seconds}s; process group killed\n`);
                    throw (0, abort_1.abortError)(io.signal, 'the step was cancelled');
                }
                const timedOut = stopReason === 'timeout';
                log.write(timedOut
                    ? `[gantry] timed out after ${seconds}s (limit ${step.timeoutMs} ms); process group killed, exit code ${exitCode}\n`
                    : `[gantry] exit code ${exitCode} after ${seconds}s\n`);
                await log.close();
                return {
                    exitCode,
                    durationMs,
                    timedOut,
                    tail: await deps.logs.tail(step.logId, TAIL_LINES),
                    logId: step.logId,
                };
            }
            finally {
                clearInterval(heartbeat);
                clearTimeout(timeLimit);
                clearTimeout(killTimer);
                io.signal.removeEventListener('abort', onAbort);
                await log.close().catch(() => undefined);
            }
        },
    };
}
/**
 * The environment with a language version's toolchain applied: its variables set, its directories first on PATH,
 * so `java`/`go`/`php` in the language's commands resolve to that version and not the machine's default.
 */
function withToolchain(env, toolchain) {
    if (!toolchain)
        return env;
    const path = [...toolchain.path, ...(env.PATH ? [env.PATH] : [])].join(':');
    return { ...env, ...toolchain.env, ...(path ? { PATH: path } : {}) };
}
function pickEnv(env) {
    const picked = {};
    for (const name of INHERITED_ENV) {
        const value = env[name];
        if (value !== undefined)
            picked[name] = value;
    }
    return picked;
}
/**
 * Whether any live process remains in the group. kill(-pgid, 0) alone is not enough: orphans reparented to an
 * init that does not reap (common in containers) stay as zombies, which count for kill() but run nothing.
 */
async function groupAlive(pgid) {
    try {
        process.kill(-pgid, 0);
    }
    catch (err) {
        return err.code === 'EPERM';
    }
    if (process.platform !== 'linux')
        return true;
    const pids = (await (0, promises_1.readdir)('/proc').catch(() => [])).filter((name) => /^\d+$/.test(name));
    for (const pid of pids) {
        const stat = await (0, promises_1.readFile)(`/proc/${pid}/stat`, 'utf8').catch(() => '');
        // Fields after the parenthesised command name: state ppid pgrp …
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (fields[2] === String(pgid) && fields[0] !== 'Z')
            return true;
    }
    return false;
}
async function waitFor(condition, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (await condition())
            return true;
        if (Date.now() >= deadline)
            return false;
        await (0, promises_2.setTimeout)(POLL_MS);
    }
}
//# sourceMappingURL=local-executor.js.map