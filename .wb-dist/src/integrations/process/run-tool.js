"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.runTool = runTool;
const node_child_process_1 = require("node:child_process");
const abort_1 = require("../../util/abort");
const signal_group_1 = require("./signal-group");
/** How long output still in the pipes may take once a process group is gone: an escaped process could hold them. */
const DRAIN_MS = 1000;
/**
 * Runs a tool to its end, heartbeating meanwhile, and resolves with how it exited and the tail of its output.
 * Rejects only when cancelled or when the tool cannot be started: what a failed exit means is the caller's to say.
 */
async function runTool(binary, args, opts) {
    const { io, group } = opts;
    if (io.signal.aborted)
        throw (0, abort_1.abortError)(io.signal, opts.cancelled);
    const child = (0, node_child_process_1.spawn)(binary, args, {
        cwd: opts.cwd,
        env: opts.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        // A lone process node kills itself on abort and timeout; a group is stopped below, as a whole.
        ...(group ? { detached: true } : { signal: io.signal, timeout: opts.timeoutMs, killSignal: 'SIGKILL' }),
    });
    // A tool that exits without reading its stdin must not fail the run with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin ?? '');
    let stdout = '';
    let tail = '';
    const collect = (stream) => (chunk) => {
        if (stream === 'stdout' && opts.keepStdout)
            stdout += chunk.toString('utf8');
        if (stream === 'stderr' || opts.tailOf === 'all')
            tail = (tail + chunk.toString('utf8')).slice(-opts.tailBytes);
        opts.onOutput?.(chunk, stream);
    };
    child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));
    const exited = new Promise((resolve) => {
        child.once('error', (error) => resolve({ code: null, signal: null, error }));
        child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    const closed = new Promise((resolve) => child.once('close', () => resolve()));
    let killTimer;
    const stopGroup = () => {
        if (!group || killTimer || child.pid === undefined)
            return;
        const pgid = child.pid;
        (0, signal_group_1.signalGroup)(pgid, 'SIGTERM');
        killTimer = setTimeout(() => (0, signal_group_1.signalGroup)(pgid, 'SIGKILL'), group.killGraceMs);
    };
    const onAbort = () => {
        if (killTimer)
            return;
        group?.onCancel?.();
        stopGroup();
    };
    if (group)
        io.signal.addEventListener('abort', onAbort, { once: true });
    const timeLimit = group && opts.timeoutMs !== undefined ? setTimeout(stopGroup, opts.timeoutMs) : undefined;
    const heartbeat = setInterval(() => {
        try {
            io.heartbeat();
        }
        catch {
            // A failed heartbeat must not fail the tool; cancellation arrives through the signal.
        }
    }, opts.heartbeatIntervalMs);
    try {
        const exit = await exited;
        if (group && child.pid !== undefined) {
            // Whatever the tool started and left running must not outlive it: the group goes too.
            (0, signal_group_1.signalGroup)(child.pid, 'SIGKILL');
            let drainTimer;
            await Promise.race([closed, new Promise((resolve) => (drainTimer = setTimeout(resolve, DRAIN_MS)))]);
            clearTimeout(drainTimer);
        }
        else if (!exit.error)
            await closed;
        if (io.signal.aborted)
            throw (0, abort_1.abortError)(io.signal, opts.cancelled);
        if (exit.error)
            throw new Error(`could not run ${binary}: ${exit.error.message}`);
        return { code: exit.code, signal: exit.signal, stdout, tail };
    }
    finally {
        clearInterval(heartbeat);
        clearTimeout(timeLimit);
        clearTimeout(killTimer);
        io.signal.removeEventListener('abort', onAbort);
    }
}
//# sourceMappingURL=run-tool.js.map