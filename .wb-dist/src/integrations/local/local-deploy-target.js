"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.deployLogId = void 0;
exports.createLocalDeployTarget = createLocalDeployTarget;
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const promises_1 = require("node:fs/promises");
const node_http_1 = __importDefault(require("node:http"));
const node_path_1 = __importDefault(require("node:path"));
const promises_2 = require("node:timers/promises");
const deploy_target_1 = require("../../ports/deploy-target");
const artifact_kind_1 = require("../../domain/artifact-kind");
const local_executor_1 = require("./local-executor");
const abort_1 = require("../../util/abort");
const image_store_1 = require("./image-store");
const service_proxies_1 = require("./service-proxies");
const track_records_1 = require("./track-records");
const weighted_proxy_1 = require("./weighted-proxy");
const HOST_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'JAVA_HOME'];
const PROBE_TIMEOUT_MS = 2000;
/** Deploy output of one service in one environment (starts and stops); the services' own output stays in their run dirs. */
const deployLogId = (ref) => `deploy/${ref.environment}/${ref.service}`;
exports.deployLogId = deployLogId;
/**
 * The embedded deploy target: every track is a process group on this machine, started from a copy of the image
 * content (or the unpacked package) with `bash start.sh <env>`. State files make a sync a reconcile that survives a worker restart.
 */
function createLocalDeployTarget(deps) {
    const pollMs = deps.pollMs ?? 500;
    const stopGraceMs = deps.stopGraceMs ?? 5000;
    /** How processes started by this target ended: dead is known at once, with the exit code for the diagnosis. */
    const exits = new Map();
    const started = new Set();
    const procCwdWorks = process.platform === 'linux' && (0, node_fs_1.existsSync)('/proc/self/cwd');
    const useProxy = deps.weightedProxy ?? true;
    /** An open preview's allocated pair wins over the fixed scheme. */
    const portOf = (ref, track) => deps.previewPorts?.lookup(ref)?.[track] ?? deps.portOf(ref, track);
    const proxies = (0, service_proxies_1.createServiceProxies)((ref) => portOf(ref, 'stable'));
    /** Behind the proxy stable listens on a port of its own; the public stable port belongs to the proxy. */
    const trackPort = async (ref, track) => useProxy && track === 'stable' ? (0, weighted_proxy_1.pickFreePort)() : portOf(ref, track);
    /** A record from before the proxy (stable on the public port) must be restarted to free that port. */
    const onExpectedPort = (ref, track, record) => !useProxy || track !== 'stable' || record.port !== portOf(ref, 'stable');
    const serviceDir = (ref) => node_path_1.default.join(deps.runDir, (0, image_store_1.safeSegment)(ref.environment, 'environment'), (0, image_store_1.safeSegment)(ref.service, 'service'));
    const stateFile = (ref, track) => node_path_1.default.join(serviceDir(ref), `${track}.json`);
    const isAlive = (record) => {
        if (exits.has(record.pid) || !isRunning(record.pid))
            return false;
        if (!procCwdWorks)
            return true;
        // Guards against a reused pid (and sees zombies as dead): the service runs in its own run dir.
        try {
            return (0, node_fs_1.readlinkSync)(`/proc/${record.pid}/cwd`) === record.dir;
        }
        catch {
            return false;
        }
    };
    /** False when the recorded pid now belongs to another process: a live pgid is never handed out as a new pid. */
    const ownsGroup = (record) => {
        if (!procCwdWorks || !isRunning(record.pid))
            return true;
        try {
            return (0, node_fs_1.readlinkSync)(`/proc/${record.pid}/cwd`) === record.dir;
        }
        catch {
            return true; // a zombie: ours, not yet reaped
        }
    };
    const stopGroup = async (pid, io) => {
        const startedAt = Date.now();
        if (!signalGroup(pid, 'SIGTERM'))
            return;
        while (groupExists(pid) && Date.now() - startedAt < stopGraceMs) {
            io?.heartbeat({ phase: `stopping process group ${pid}`, elapsedMs: Date.now() - startedAt });
            await (0, promises_2.setTimeout)(50);
        }
        if (signalGroup(pid, 'SIGKILL')) {
            for (let i = 0; i < 40 && groupExists(pid); i++)
                await (0, promises_2.setTimeout)(50);
        }
        started.delete(pid);
    };
    const stopTrack = async (ref, track, io) => {
        const record = await (0, track_records_1.readRecord)(stateFile(ref, track));
        if (record && ownsGroup(record))
            await stopGroup(record.pid, io);
        await (0, promises_1.rm)(stateFile(ref, track), { force: true });
        return record;
    };
    /** Lays out what `image` runs (an image's content, or a package fetched and unpacked) in the track's run dir. */
    const materialize = async (image, dir, io) => {
        if ((0, artifact_kind_1.artifactKindOf)(image) === 'package') {
            if (!deps.packages)
                throw new Error(`${image} is a package and this deploy target has no package store`);
            const signal = io?.signal ?? new AbortController().signal;
            await deps.packages.unpack(image, dir, {
                signal,
                heartbeat: () => io?.heartbeat({ phase: `unpacking ${image}`, elapsedMs: 0 }),
            });
            return;
        }
        await (0, image_store_1.copyTree)(node_path_1.default.join((0, image_store_1.imageDir)(deps.imagesDir, image), image_store_1.IMAGE_CONTENT_DIR), dir);
    };
    const startTrack = async (ref, track, image, revision, io) => {
        const dir = node_path_1.default.join(serviceDir(ref), `${track}-${(0, image_store_1.parseImageRef)(image).hex.slice(0, 12)}`);
        try {
            // Over an earlier run of the same artifact: its logs/stdout.log is kept and appended to.
            await materialize(image, dir, io);
        }
        catch (err) {
            throw new deploy_target_1.DeployError(`cannot deploy ${ref.service} ${track} in ${ref.environment}`, { message: err.message, output: '' }, 'failed');
        }
        await (0, promises_1.mkdir)(node_path_1.default.join(dir, 'logs'), { recursive: true });
        const realDir = (0, node_fs_1.realpathSync)(dir);
        const port = await trackPort(ref, track);
        const out = (0, node_fs_1.openSync)(node_path_1.default.join(realDir, 'logs', 'stdout.log'), 'a');
        let pid;
        try {
            const child = (0, node_child_process_1.spawn)('bash', ['start.sh', ref.environment], {
                cwd: realDir,
                // Its own process group: stopping -pid reaches whatever start.sh started.
                detached: true,
                stdio: ['ignore', out, out],
                env: {
                    ...(0, local_executor_1.withToolchain)(deps.baseEnv ?? pickHostEnv(), deps.toolchainOf?.(ref.service)),
                    PORT: String(port),
                    GANTRY_ENV: ref.environment,
                    GANTRY_IMAGE: image,
                    GANTRY_TRACK: track,
                },
            });
            pid = child.pid;
            if (pid === undefined)
                throw new Error(`could not start bash start.sh in ${realDir}`);
            const childPid = pid;
            exits.delete(childPid);
            started.add(childPid);
            child.on('error', () => undefined);
            child.on('exit', (code, signal) => exits.set(childPid, signal ? `killed by ${signal}` : `exited with code ${code}`));
            child.unref();
        }
        finally {
            (0, node_fs_1.closeSync)(out);
        }
        const record = { pid, image, port, revision, dir: realDir, startedAt: new Date().toISOString() };
        await (0, track_records_1.writeRecord)(stateFile(ref, track), record);
        return record;
    };
    return {
        async sync(ref, revision, io) {
            const begin = Date.now();
            const desired = await deps.desiredState(ref, revision);
            const log = deps.logs.open((0, exports.deployLogId)(ref));
            const say = (line) => log.write(`[deploy] ${new Date().toISOString()} ${line}\n`);
            let changed = false;
            try {
                for (const track of track_records_1.TRACKS) {
                    if (io.signal.aborted)
                        throw (0, abort_1.abortError)(io.signal);
                    const image = desired[track];
                    const current = await (0, track_records_1.readRecord)(stateFile(ref, track));
                    if (image === null) {
                        if (current) {
                            await stopTrack(ref, track, io);
                            changed = true;
                            say(`${track}: stopped ${current.image} (pid ${current.pid}) at revision ${revision}`);
                        }
                        continue;
                    }
                    if (current && current.image === image && isAlive(current) && onExpectedPort(ref, track, current)) {
                        if (current.revision !== revision)
                            await (0, track_records_1.writeRecord)(stateFile(ref, track), { ...current, revision });
                        continue;
                    }
                    if (current) {
                        await stopTrack(ref, track, io);
                        say(`${track}: stopped ${current.image} (pid ${current.pid})`);
                    }
                    const record = await startTrack(ref, track, image, revision, io);
                    changed = true;
                    say(`${track}: started ${image} (pid ${record.pid}, port ${record.port}) in ${record.dir} at revision ${revision}`);
                    io.heartbeat({ phase: `started ${track}`, elapsedMs: Date.now() - begin });
                }
                if (useProxy) {
                    const [stable, gray] = await Promise.all(track_records_1.TRACKS.map((t) => (0, track_records_1.readRecord)(stateFile(ref, t))));
                    const grayWeight = desired.gray === null ? 0 : (desired.grayWeight ?? 0);
                    await proxies.apply(ref, { stablePort: stable?.port ?? null, grayPort: gray?.port ?? null, grayWeight });
                    say(`proxy :${portOf(ref, 'stable')}: ${100 - grayWeight}% stable, ${grayWeight}% gray`);
                }
                if (changed)
                    deps.onTracksChanged?.();
            }
            finally {
                await log.close();
            }
        },
        async waitHealthy(ref, expected, timeoutMs, io) {
            const begin = Date.now();
            const deadline = begin + timeoutMs;
            const healthPath = deps.healthPathOf(ref.service);
            const pending = new Map();
            for (const track of track_records_1.TRACKS) {
                const image = expected[track];
                if (image === null)
                    continue;
                const record = await (0, track_records_1.readRecord)(stateFile(ref, track));
                if (!record || record.image !== image) {
                    const running = record ? `runs ${record.image}` : 'is not running';
                    throw new deploy_target_1.DeployError(`${ref.service} ${track} in ${ref.environment} ${running}, expected ${image}`, { message: 'the expected image was not synced to this target', output: '' }, 'failed');
                }
                pending.set(track, { record, last: 'not probed yet' });
            }
            for (;;) {
                if (io.signal.aborted)
                    throw (0, abort_1.abortError)(io.signal);
                for (const [track, state] of pending) {
                    const { record } = state;
                    if (!isAlive(record)) {
                        const how = exits.get(record.pid) ?? 'is no longer running';
                        const message = `${ref.service} ${track} in ${ref.environment} (pid ${record.pid}) ${how} before becoming healthy`;
                        throw new deploy_target_1.DeployError(message, { message, output: await (0, track_records_1.logTail)(record) }, 'failed');
                    }
                    const url = `http://127.0.0.1:${record.port}${healthPath}`;
                    const timeout = Math.max(100, Math.min(PROBE_TIMEOUT_MS, deadline - Date.now()));
                    const result = await probe(url, timeout, io.signal);
                    if (result === 200)
                        pending.delete(track);
                    else
                        state.last = typeof result === 'number' ? `GET ${healthPath} answered HTTP ${result}` : result;
                }
                if (pending.size === 0)
                    return;
                const elapsedMs = Date.now() - begin;
                io.heartbeat({ phase: `waiting for ${[...pending.keys()].join(' and ')} to become healthy`, elapsedMs });
                if (Date.now() >= deadline) {
                    const states = [...pending].map(([track, s]) => `${track}: ${s.last}`);
                    const tails = await Promise.all([...pending].map(async ([track, s]) => `--- ${track} (pid ${s.record.pid}) ---\n${await (0, track_records_1.logTail)(s.record)}`));
                    throw new deploy_target_1.DeployError(`${ref.service} in ${ref.environment} was not healthy within ${Math.round(timeoutMs / 1000)}s (${states.join('; ')})`, { message: states.join('\n'), output: tails.join('\n') }, 'timeout');
                }
                // An abort ends the sleep early; the loop then rejects with the abort reason.
                await (0, promises_2.setTimeout)(Math.min(pollMs, deadline - Date.now()), undefined, { signal: io.signal }).catch(() => undefined);
            }
        },
        /** A preview gets a port pair of its own, kept until it closes (and across restarts). */
        async openEnvironment(ref) {
            if (!deps.previewPorts)
                return { url: `http://127.0.0.1:${portOf(ref, 'stable')}/` };
            const ports = await deps.previewPorts.allocate(ref);
            return { url: `http://127.0.0.1:${ports.stable}/` };
        },
        async closeEnvironment(ref, io) {
            // The teardown sync stopped it already; whatever is left (a failed sync) goes before the port is given back.
            for (const track of track_records_1.TRACKS)
                await stopTrack(ref, track, io);
            await proxies.apply(ref, null);
            await deps.previewPorts?.release(ref);
        },
        async stopAll() {
            await proxies.closeAll();
            for (const file of await (0, track_records_1.stateFiles)(deps.runDir)) {
                const record = await (0, track_records_1.readRecord)(file);
                if (record && ownsGroup(record))
                    await stopGroup(record.pid);
                await (0, promises_1.rm)(file, { force: true });
            }
            // Started but not recorded (a sync that failed half-way): still ours to stop.
            for (const pid of [...started])
                await stopGroup(pid);
        },
    };
}
/** One health probe on a fresh connection: the status code, or why there was none. */
function probe(url, timeoutMs, signal) {
    return new Promise((resolve) => {
        const req = node_http_1.default.get(url, { agent: false, timeout: timeoutMs, signal }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
        });
        req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on('error', (err) => resolve(`GET ${url}: ${err.code ?? err.message}`));
    });
}
function signalGroup(pid, signal) {
    try {
        process.kill(-pid, signal);
        return true;
    }
    catch {
        return false;
    }
}
function groupExists(pid) {
    return signalGroup(pid, 0);
}
function isRunning(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch {
        return false;
    }
}
function pickHostEnv() {
    return Object.fromEntries(HOST_ENV.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])));
}
//# sourceMappingURL=local-deploy-target.js.map