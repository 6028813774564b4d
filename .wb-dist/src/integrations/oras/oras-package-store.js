"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.createOrasPackageStore = createOrasPackageStore;
const promises_1 = require("node:fs/promises");
const node_os_1 = require("node:os");
const node_path_1 = __importDefault(require("node:path"));
const artifact_kind_1 = require("../../domain/artifact-kind");
const local_package_store_1 = require("../local/local-package-store");
const package_archive_1 = require("../local/package-archive");
const run_tool_1 = require("../process/run-tool");
const TAIL_BYTES = 8 * 1024;
/**
 * Packages in the same registry as the images, pushed and pulled by the real oras CLI (Node has no well-kept OCI
 * client). The pushed manifest's digest pins the package; credentials go over stdin, never on a command line.
 */
function createOrasPackageStore(deps) {
    const timeoutMs = deps.timeoutMs ?? 600_000;
    const heartbeatIntervalMs = deps.heartbeatIntervalMs ?? 2000;
    /** The flags every registry call takes: plain HTTP when TLS verification is off, the user, the password on stdin. */
    const access = () => {
        const args = deps.registry.tlsVerify ? [] : ['--plain-http'];
        if (deps.registry.username === undefined)
            return { args };
        return {
            args: [...args, '--username', deps.registry.username, '--password-stdin'],
            stdin: deps.registry.password ?? '',
        };
    };
    const oras = (args, io, options = {}) => {
        const { args: flags, stdin } = access();
        return runOras(deps.oras, [...args, ...flags], { ...options, io, stdin, timeoutMs, heartbeatIntervalMs });
    };
    return {
        publish(req, io) {
            const workPrefix = node_path_1.default.join((0, node_os_1.tmpdir)(), 'gantry-package-');
            return (0, package_archive_1.publishPacked)(req, io, { logs: deps.logs, workPrefix }, async (packed, say, log) => {
                const target = `${req.repository}:${req.tag}`;
                const stdout = await oras([
                    'push',
                    '--no-tty',
                    '--format',
                    'json',
                    '--artifact-type',
                    artifact_kind_1.PACKAGE_ARTIFACT_TYPE,
                    // A fixed creation time: the same package pushes to the same manifest digest.
                    '--annotation',
                    `org.opencontainers.image.created=${local_package_store_1.PACKAGE_CREATED}`,
                    target,
                    `${artifact_kind_1.PACKAGE_FILE_NAME}:${artifact_kind_1.PACKAGE_LAYER_MEDIA_TYPE}`,
                ], io, { cwd: node_path_1.default.dirname(packed.file), onOutput: (chunk) => log.write(chunk) });
                const pushed = JSON.parse(stdout);
                if (!pushed.digest || !/^sha256:[0-9a-f]{64}$/.test(pushed.digest)) {
                    throw new Error(`oras push ${target} reported no manifest digest: ${stdout.slice(0, 500)}`);
                }
                const reference = `${req.repository}@${pushed.digest}`;
                say(`pushed ${target} -> ${reference}`);
                return {
                    package: reference,
                    digest: pushed.digest,
                    layerDigest: packed.digest,
                    size: packed.size,
                    tag: req.tag,
                };
            });
        },
        async unpack(reference, dir, io) {
            const work = await (0, promises_1.mkdtemp)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'gantry-package-pull-'));
            try {
                // The manifest first: only a Gantry package is unpacked, and its layer is fetched by digest (oras checks it).
                const manifest = JSON.parse(await oras(['manifest', 'fetch', reference], io));
                const layer = (0, local_package_store_1.packageLayer)(manifest, reference);
                const file = node_path_1.default.join(work, artifact_kind_1.PACKAGE_FILE_NAME);
                const repository = reference.slice(0, reference.indexOf('@'));
                await oras(['blob', 'fetch', '--output', file, `${repository}@${layer.digest}`], io);
                await (0, package_archive_1.unpackArchive)(file, dir, io.signal);
            }
            finally {
                await (0, promises_1.rm)(work, { recursive: true, force: true });
            }
        },
    };
}
/** Runs oras; resolves with stdout, rejects with the output tail (never the password, which only went to stdin). */
async function runOras(binary, args, opts) {
    const work = await (0, promises_1.mkdtemp)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'gantry-oras-'));
    try {
        // Its own empty credential store: never the worker's ~/.docker/config.json, and nothing is saved there.
        const registryConfig = node_path_1.default.join(work, 'config.json');
        await (0, promises_1.writeFile)(registryConfig, '{}', { mode: 0o600 });
        const exit = await (0, run_tool_1.runTool)(binary, [...args, '--registry-config', registryConfig], {
            io: opts.io,
            cancelled: 'package transfer cancelled',
            cwd: opts.cwd,
            env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work },
            stdin: opts.stdin,
            timeoutMs: opts.timeoutMs,
            heartbeatIntervalMs: opts.heartbeatIntervalMs,
            tailBytes: TAIL_BYTES,
            tailOf: 'stderr',
            keepStdout: true,
            onOutput: (chunk, stream) => {
                if (stream === 'stderr')
                    opts.onOutput?.(chunk);
            },
        });
        const command = `oras ${args[0] ?? ''}${args[1] && !args[1].startsWith('-') ? ` ${args[1]}` : ''}`;
        if (exit.signal)
            throw new Error(`${command} was stopped (${exit.signal}) after ${opts.timeoutMs} ms`);
        if (exit.code !== 0)
            throw new Error(`${command} exited with code ${exit.code}: ${exit.tail.trim()}`);
        return exit.stdout;
    }
    finally {
        await (0, promises_1.rm)(work, { recursive: true, force: true });
    }
}
//# sourceMappingURL=oras-package-store.js.map