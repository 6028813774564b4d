"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.RssSampler = void 0;
exports.freePorts = freePorts;
exports.percentile = percentile;
exports.findPid = findPid;
exports.cpuSecondsOf = cpuSecondsOf;
exports.measureRun = measureRun;
const node_fs_1 = require("node:fs");
const node_net_1 = __importDefault(require("node:net"));
const node_os_1 = require("node:os");
/** Distinct ports nothing listens on right now (held together while picking, so they cannot collide). */
async function freePorts(count) {
    const servers = await Promise.all(Array.from({ length: count }, () => new Promise((resolve, reject) => {
        const server = node_net_1.default.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(server));
    })));
    const ports = servers.map((s) => {
        const address = s.address();
        return typeof address === 'object' && address ? address.port : 0;
    });
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    if (ports.some((p) => p === 0))
        throw new Error('the OS assigned no free port');
    return ports;
}
/** Nearest-rank percentile of an ascending list; NaN when empty. */
function percentile(sorted, p) {
    if (sorted.length === 0)
        return NaN;
    const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
    return sorted[rank - 1] ?? NaN;
}
/** Samples this process's RSS every 100 ms; the worker runs in-process, so this is the worker's peak. */
class RssSampler {
    peakBytes = 0;
    timer;
    start() {
        this.peakBytes = process.memoryUsage().rss;
        this.timer = setInterval(() => {
            this.peakBytes = Math.max(this.peakBytes, process.memoryUsage().rss);
        }, 100);
    }
    stop() {
        clearInterval(this.timer);
        this.peakBytes = Math.max(this.peakBytes, process.memoryUsage().rss);
        return this.peakBytes / 2 ** 20;
    }
}
exports.RssSampler = RssSampler;
/** The process whose command line contains `marker` (Linux /proc), e.g. the dev server by its data dir. */
function findPid(marker) {
    for (const entry of safe(() => (0, node_fs_1.readdirSync)('/proc'), [])) {
        if (!/^\d+$/.test(entry) || Number(entry) === process.pid)
            continue;
        if (safe(() => (0, node_fs_1.readFileSync)(`/proc/${entry}/cmdline`, 'utf8'), '').includes(marker))
            return Number(entry);
    }
    return undefined;
}
/** CPU seconds (user + system) a process has used so far; NaN when unknown. Assumes the usual 100 ticks/s. */
function cpuSecondsOf(pid) {
    if (pid === undefined)
        return NaN;
    const stat = safe(() => (0, node_fs_1.readFileSync)(`/proc/${pid}/stat`, 'utf8'), '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
}
const ownCpuSeconds = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
};
function safe(f, fallback) {
    try {
        return f();
    }
    catch {
        return fallback;
    }
}
/**
 * Starts n workflows at once and waits for all; `one(i)` runs workflow i from its start call to its result.
 * Fails (rather than hangs) when the whole run exceeds `deadlineMs`.
 */
async function measureRun(run, n, deadlineMs, one, serverPid) {
    const rss = new RssSampler();
    const latencies = [];
    const firstErrors = [];
    let errors = 0;
    rss.start();
    const cpu0 = { own: ownCpuSeconds(), server: cpuSecondsOf(serverPid) };
    const t0 = performance.now();
    const all = Promise.all(Array.from({ length: n }, async (_, i) => {
        const started = performance.now();
        try {
            await one(i);
            latencies.push(performance.now() - started);
        }
        catch (err) {
            errors++;
            if (firstErrors.length < 5)
                firstErrors.push(`#${i}: ${err.message}`);
        }
    }));
    let timer;
    const deadline = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${run} (N=${n}) did not finish within ${deadlineMs / 60_000} min`)), deadlineMs);
    });
    try {
        await Promise.race([all, deadline]);
    }
    finally {
        clearTimeout(timer);
    }
    const wallMs = performance.now() - t0;
    const peakRssMiB = rss.stop();
    const workerCpuS = ownCpuSeconds() - cpu0.own;
    const serverCpuS = cpuSecondsOf(serverPid) - cpu0.server;
    latencies.sort((a, b) => a - b);
    return {
        run,
        n,
        wallMs,
        latencies,
        peakRssMiB,
        errors,
        firstErrors,
        workerCpuS,
        serverCpuS,
        load1: (0, node_os_1.loadavg)()[0] ?? NaN,
    };
}
//# sourceMappingURL=measure.js.map