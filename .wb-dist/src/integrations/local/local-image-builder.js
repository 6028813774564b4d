"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.generatedStartScript = exports.generatedDockerfile = exports.expandPlaceholders = void 0;
exports.createLocalImageBuilder = createLocalImageBuilder;
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const promises_1 = require("node:fs/promises");
const node_path_1 = __importDefault(require("node:path"));
const image_context_1 = require("./image-context");
const image_store_1 = require("./image-store");
var image_context_2 = require("./image-context");
Object.defineProperty(exports, "expandPlaceholders", { enumerable: true, get: function () { return image_context_2.expandPlaceholders; } });
Object.defineProperty(exports, "generatedDockerfile", { enumerable: true, get: function () { return image_context_2.generatedDockerfile; } });
Object.defineProperty(exports, "generatedStartScript", { enumerable: true, get: function () { return image_context_2.generatedStartScript; } });
/**
 * Builds "images" as directories on this machine (embedded mode: no Docker). Content-addressed and immutable:
 * building the same content again reuses the stored image, so a retried build activity is harmless.
 */
function createLocalImageBuilder(deps) {
    return {
        async build(req, io) {
            const log = deps.logs.open(req.logId);
            const say = (line) => log.write(`[image] ${line}\n`);
            const started = Date.now();
            let staging;
            try {
                const service = (0, image_store_1.safeSegment)(req.service, 'service');
                (0, image_store_1.safeSegment)(req.tag, 'tag');
                const onEntry = (0, image_context_1.entryCounter)(io);
                say(`building ${req.repository}:${req.tag} of ${service} at ${req.commit} from ${req.workspace}`);
                const serviceDir = node_path_1.default.join(deps.imagesDir, service);
                await (0, promises_1.mkdir)(serviceDir, { recursive: true });
                // Staged beside its final place: the rename into place is atomic, so a stored image is always complete.
                staging = await (0, promises_1.mkdtemp)(node_path_1.default.join(serviceDir, '.staging-'));
                await (0, image_context_1.prepareImageContext)(req, staging, say, io);
                const dockerfile = node_path_1.default.join(staging, 'Dockerfile');
                await (0, promises_1.chmod)(dockerfile, 0o644);
                await (0, promises_1.chmod)(staging, 0o755);
                const digest = await (0, image_store_1.contentDigest)(staging, onEntry);
                io.heartbeat();
                const finalDir = (0, image_store_1.imagePath)(deps.imagesDir, service, digest.slice('sha256:'.length));
                const reused = await storeOnce(staging, finalDir);
                if (!reused)
                    staging = undefined;
                say(reused ? `same content as the stored ${digest}: reused` : `stored ${digest} in ${finalDir}`);
                const image = `${req.repository}@${digest}`;
                await writeTag((0, image_store_1.tagPath)(deps.imagesDir, service, req.tag), image);
                say(`tagged ${req.repository}:${req.tag} -> ${image} (${Date.now() - started} ms)`);
                return { image, digest, tag: req.tag };
            }
            catch (err) {
                say(`failed: ${err.message}`);
                throw err;
            }
            finally {
                if (staging)
                    await (0, promises_1.rm)(staging, { recursive: true, force: true });
                await log.close();
            }
        },
    };
}
/** Moves the staged image into place unless that content is already stored; true when it was (reuse). */
async function storeOnce(staging, finalDir) {
    if ((0, node_fs_1.existsSync)(finalDir))
        return true;
    try {
        await (0, promises_1.rename)(staging, finalDir);
        return false;
    }
    catch (err) {
        // A concurrent build of the same content won the rename: same digest, same content.
        const code = err.code;
        if (code === 'EEXIST' || code === 'ENOTEMPTY')
            return true;
        throw err;
    }
}
async function writeTag(file, image) {
    await (0, promises_1.mkdir)(node_path_1.default.dirname(file), { recursive: true });
    const tmp = `${file}.${(0, node_crypto_1.randomUUID)()}.tmp`;
    await (0, promises_1.writeFile)(tmp, `${image}\n`);
    await (0, promises_1.rename)(tmp, file);
}
//# sourceMappingURL=local-image-builder.js.map