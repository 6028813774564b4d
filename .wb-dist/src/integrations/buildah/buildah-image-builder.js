"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.createBuildahImageBuilder = createBuildahImageBuilder;
const node_crypto_1 = require("node:crypto");
const promises_1 = require("node:fs/promises");
const node_path_1 = __importDefault(require("node:path"));
const image_store_1 = require("../local/image-store");
const local_executor_1 = require("../local/local-executor");
const abort_1 = require("../../util/abort");
const run_tool_1 = require("../process/run-tool");
const image_context_1 = require("../local/image-context");
const TAIL_LINES = 30;
const TAIL_BYTES = 16 * 1024;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** containers/storage's words for an image or layer that vanished between two steps of one build. */
const STORAGE_RACE = /\b(image|layer) not known\b/;
/**
 * Builds with buildah (vfs storage, chroot isolation: no daemon, no overlay or user namespaces needed) and pushes
 * to a registry, returning the digest of the pushed manifest. A retry rebuilds and pushes again, moving the tag;
 * what it returns is always the digest it pushed. Builds are deliberately not reproducible (no `--timestamp 0`):
 * identical images share one id in the storage, and removing one after its push races the commit of another build
 * of the same commit running at the same time ("image not known").
 */
function createBuildahImageBuilder(deps) {
    const buildah = deps.buildah ?? 'buildah';
    const storageRoot = deps.storageRoot ?? node_path_1.default.join(deps.workDir, 'storage');
    // The runroot holds the storage's locks and mount state: one per root, never shared between roots.
    const runRoot = `${storageRoot}.run`;
    const registryUrl = deps.registry.url.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
    const tls = `--tls-verify=${deps.registry.tlsVerify}`;
    const heartbeatIntervalMs = deps.heartbeatIntervalMs ?? 2000;
    const killGraceMs = deps.killGraceMs ?? 3000;
    return {
        async build(req, io) {
            const log = deps.logs.open(req.logId);
            const say = (line) => log.write(`[image] ${line}\n`);
            const started = Date.now();
            let buildDir;
            let removeImage;
            try {
                const service = (0, image_store_1.safeSegment)(req.service, 'service');
                (0, image_store_1.safeSegment)(req.tag, 'tag');
                if (!req.repository.startsWith(`${registryUrl}/`)) {
                    throw new Error(`repository ${req.repository} is not in the registry ${registryUrl} this builder pushes to`);
                }
                if (io.signal.aborted)
                    throw (0, abort_1.abortError)(io.signal, image_context_1.IMAGE_BUILD_CANCELLED);
                const ref = `${req.repository}:${req.tag}`;
                say(`building ${ref} of ${service} at ${req.commit} from ${req.workspace} with buildah`);
                await (0, promises_1.mkdir)(deps.workDir, { recursive: true });
                buildDir = await (0, promises_1.mkdtemp)(node_path_1.default.join(deps.workDir, 'build-'));
                const context = node_path_1.default.join(buildDir, 'context');
                const tmp = node_path_1.default.join(buildDir, 'tmp');
                await (0, promises_1.mkdir)(tmp);
                await (0, image_context_1.prepareImageContext)(req, context, say, io);
                // Credentials in an auth file, not --creds: a command line is readable by every user in /proc.
                const authFile = node_path_1.default.join(buildDir, 'auth.json');
                await (0, promises_1.writeFile)(authFile, authJson(registryUrl, deps.registry), { mode: 0o600 });
                const run = (what, args, runIo = io) => runBuildah(buildah, ['--storage-driver', 'vfs', '--root', storageRoot, '--runroot', runRoot, ...args], {
                    what,
                    registry: registryUrl,
                    log,
                    io: runIo,
                    // TMPDIR: buildah stages layers in /var/tmp otherwise, outside the directory we clean up.
                    env: { ...(0, local_executor_1.pickEnv)(process.env), TMPDIR: tmp },
                    heartbeatIntervalMs,
                    killGraceMs,
                });
                const iidFile = node_path_1.default.join(buildDir, 'image-id');
                const digestFile = node_path_1.default.join(buildDir, 'digest');
                const auth = [tls, '--authfile', authFile];
                const bud = ['bud', '--isolation', 'chroot', ...auth, '--build-arg', `BASE_IMAGE=${req.language.runtimeImage}`];
                const buildAndPush = async () => {
                    say(`buildah bud (base ${req.language.runtimeImage})`);
                    // A name of its own, removed after the push: names count references, so when identical builds share one
                    // image id, the image goes with the last name, not from under a build still pushing it.
                    const localName = `localhost/gantry-build:${(0, node_crypto_1.randomUUID)()}`;
                    const dockerfile = node_path_1.default.join(context, 'Dockerfile');
                    await run('build', [...bud, '--iidfile', iidFile, '-f', dockerfile, '-t', localName, context]);
                    // vfs keeps a full copy of every layer: the image goes once pushed or failed (bases stay), even when
                    // cancelled, hence a signal of its own.
                    const imageId = (await (0, promises_1.readFile)(iidFile, 'utf8')).trim();
                    removeImage = () => run('cleanup', ['rmi', localName], { signal: new AbortController().signal, heartbeat: io.heartbeat }).then(() => undefined, (err) => say(`could not remove ${localName}: ${err.message}`));
                    say(`built image ${imageId}; buildah push ${ref}`);
                    await run('push', ['push', ...auth, '--digestfile', digestFile, localName, `docker://${ref}`]);
                    const pushed = (await (0, promises_1.readFile)(digestFile, 'utf8')).trim();
                    if (!DIGEST.test(pushed))
                        throw new Error(`buildah push wrote an unexpected digest "${pushed}"`);
                    return pushed;
                };
                let digest = '';
                for (let attempt = 1; !digest; attempt++) {
                    try {
                        digest = await buildAndPush();
                    }
                    catch (err) {
                        // Identical builds at once (a retry racing its original, one commit on two branches) can share an image
                        // id or a layer in the storage, and one's removal pulls it from under the other: building again is safe.
                        if (attempt > 1 || io.signal.aborted || !STORAGE_RACE.test(err.message))
                            throw err;
                        await removeImage?.();
                        removeImage = undefined;
                        say('a concurrent identical build removed the shared image from the storage; building again');
                    }
                }
                const image = `${req.repository}@${digest}`;
                say(`pushed ${ref} -> ${image} (${Date.now() - started} ms)`);
                return { image, digest, tag: req.tag };
            }
            catch (err) {
                say(`failed: ${err.message.split('\n')[0] ?? ''}`);
                throw err;
            }
            finally {
                await removeImage?.();
                if (buildDir)
                    await (0, promises_1.rm)(buildDir, { recursive: true, force: true }).catch(() => undefined);
                await log.close();
            }
        },
    };
}
function authJson(registryUrl, registry) {
    if (registry.username === undefined)
        return '{"auths":{}}\n';
    const auth = Buffer.from(`${registry.username}:${registry.password ?? ''}`).toString('base64');
    return `${JSON.stringify({ auths: { [registryUrl]: { auth } } })}\n`;
}
/** Runs buildah in its own process group, output to the log; rejects with the output tail. */
async function runBuildah(binary, args, opts) {
    const { log } = opts;
    const exit = await (0, run_tool_1.runTool)(binary, args, {
        io: opts.io,
        cancelled: image_context_1.IMAGE_BUILD_CANCELLED,
        env: opts.env,
        heartbeatIntervalMs: opts.heartbeatIntervalMs,
        tailBytes: TAIL_BYTES,
        tailOf: 'all',
        onOutput: (chunk) => log.write(chunk),
        // A group of its own, so cancelling reaches the RUN steps buildah started, not only buildah.
        group: {
            killGraceMs: opts.killGraceMs,
            onCancel: () => log.write(`[image] cancelled: stopping buildah ${opts.what}\n`),
        },
    });
    if (exit.code === 0)
        return;
    throw new Error(failureMessage(opts.what, exit.code ?? exit.signal ?? '?', lastLines(exit.tail), opts.registry));
}
function failureMessage(what, status, tail, registry) {
    // The registry's 401 is buried in a long buildah line; say it plainly first.
    const auth = /unauthorized|authentication required|invalid username\/password/i.test(tail)
        ? `: the registry ${registry} rejected the credentials`
        : '';
    return `buildah ${what} failed (exit ${status})${auth}\n${tail}`;
}
function lastLines(text) {
    return text.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
}
//# sourceMappingURL=buildah-image-builder.js.map