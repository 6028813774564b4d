"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.managed = managed;
exports.until = until;
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const promises_1 = require("node:timers/promises");
function managed(name, logDir, args, env) {
    let child;
    let exited = Promise.resolve();
    let line = Promise.resolve('');
    const log = (0, node_fs_1.createWriteStream)((0, node_path_1.join)(logDir, `${name}.log`), { flags: 'a' });
    return {
        name,
        pid: () => child?.pid,
        async start() {
            log.write(`--- ${new Date().toISOString()} start\n`);
            const c = (0, node_child_process_1.spawn)(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
            child = c;
            exited = new Promise((resolve) => c.once('exit', () => resolve()));
            line = new Promise((resolve) => {
                let buffer = '';
                c.stdout?.on('data', (chunk) => {
                    buffer += chunk.toString();
                    const nl = buffer.indexOf('\n');
                    if (nl >= 0)
                        resolve(buffer.slice(0, nl));
                });
                void exited.then(() => resolve(buffer));
            });
            c.stdout?.pipe(log, { end: false });
            c.stderr?.pipe(log, { end: false });
        },
        async stop(signal = 'SIGTERM', graceMs = 30_000) {
            const c = child;
            if (!c || c.exitCode !== null || c.signalCode !== null)
                return;
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
async function until(check, timeoutMs, everyMs = 250) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (await check().catch(() => false))
            return true;
        await (0, promises_1.setTimeout)(everyMs);
    }
    return false;
}
//# sourceMappingURL=chaos-processes.js.map