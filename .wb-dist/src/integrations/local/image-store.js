"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.IMAGE_CONTENT_DIR = void 0;
exports.parseImageRef = parseImageRef;
exports.imagePath = imagePath;
exports.imageDir = imageDir;
exports.tagPath = tagPath;
exports.resolveTag = resolveTag;
exports.safeSegment = safeSegment;
exports.copyTree = copyTree;
exports.contentDigest = contentDigest;
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const promises_1 = require("node:fs/promises");
const node_path_1 = __importDefault(require("node:path"));
/**
 * Local images: the build context of a container image, kept as a directory instead of layers. An image is
 * stored once under `<imagesDir>/<service>/sha256-<hex>/` and never written again; tags are small files in
 * `<imagesDir>/<service>/tags/` that name a digest.
 *
 *   Dockerfile            the service's deploy/Dockerfile or the generated one (kept for a later buildah builder)
 *   start_env/            what the container holds in /home/services (its WORKDIR)
 *     start.sh            `start.sh <env>` starts the service
 *     project/            the build output
 *     logs/               where the service may write logs
 */
exports.IMAGE_CONTENT_DIR = 'start_env';
const DIGEST_DIR_PREFIX = 'sha256-';
const HEX_DIGEST = /^[0-9a-f]{64}$/;
/** Path segments that end up in file names: no separators, no "..". */
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** Parses `registry/service[:tag]@sha256:<hex>`; local deploys only ever use digest-pinned references. */
function parseImageRef(imageRef) {
    const at = imageRef.lastIndexOf('@');
    if (at < 0) {
        throw new Error(`image "${imageRef}" has no digest; local images are referenced as <repository>@sha256:<hex>`);
    }
    const digest = imageRef.slice(at + 1);
    const hex = digest.startsWith('sha256:') ? digest.slice('sha256:'.length) : '';
    if (!HEX_DIGEST.test(hex))
        throw new Error(`image "${imageRef}" has an invalid digest "${digest}" (want sha256:<64 hex>)`);
    const named = imageRef.slice(0, at);
    const lastSegment = named.slice(named.lastIndexOf('/') + 1);
    const colon = lastSegment.indexOf(':');
    const service = colon < 0 ? lastSegment : lastSegment.slice(0, colon);
    if (!SAFE_SEGMENT.test(service))
        throw new Error(`image "${imageRef}" does not name a service`);
    const repository = colon < 0 ? named : named.slice(0, named.length - lastSegment.length + colon);
    return { repository, service, hex };
}
/** Where an image with this digest is (or would be) stored. */
function imagePath(imagesDir, service, hex) {
    return node_path_1.default.join(imagesDir, safeSegment(service, 'service'), `${DIGEST_DIR_PREFIX}${hex}`);
}
/** The stored directory of a built image; throws when the reference has no digest or the image was not built here. */
function imageDir(imagesDir, imageRef) {
    const { service, hex } = parseImageRef(imageRef);
    const dir = imagePath(imagesDir, service, hex);
    if (!(0, node_fs_1.existsSync)(dir))
        throw new Error(`unknown image "${imageRef}": it was not built into ${imagesDir} (no ${dir})`);
    return dir;
}
function tagPath(imagesDir, service, tag) {
    return node_path_1.default.join(imagesDir, safeSegment(service, 'service'), 'tags', safeSegment(tag, 'tag'));
}
/** The pinned reference a tag points at, or undefined when the tag was never recorded. */
async function resolveTag(imagesDir, service, tag) {
    try {
        return (await (0, promises_1.readFile)(tagPath(imagesDir, service, tag), 'utf8')).trim();
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return undefined;
        throw err;
    }
}
function safeSegment(value, what) {
    if (!SAFE_SEGMENT.test(value)) {
        throw new Error(`${what} "${value}" cannot be used in a file name (letters, digits, "_", "." and "-" only)`);
    }
    return value;
}
/** Modes are normalised so the same content hashes the same whatever the umask of the checkout was. */
const normalMode = (mode) => (mode & 0o111 ? 0o755 : 0o644);
/** Copies a tree (or one file), keeping symlinks as links and normalising modes; existing files are overwritten. */
async function copyTree(source, target, options = {}) {
    const info = await (0, promises_1.lstat)(source);
    options.onEntry?.();
    if (info.isSymbolicLink()) {
        await (0, promises_1.rm)(target, { force: true });
        await (0, promises_1.symlink)(await (0, promises_1.readlink)(source), target);
        return 1;
    }
    if (info.isFile()) {
        await (0, promises_1.copyFile)(source, target);
        await (0, promises_1.chmod)(target, normalMode(info.mode));
        return 1;
    }
    if (!info.isDirectory())
        return 0; // sockets, fifos: not image content
    await (0, promises_1.mkdir)(target, { recursive: true });
    await (0, promises_1.chmod)(target, 0o755);
    let count = 0;
    for (const name of (await (0, promises_1.readdir)(source)).sort()) {
        if (options.skipTopLevel?.includes(name))
            continue;
        count += await copyTree(node_path_1.default.join(source, name), node_path_1.default.join(target, name), { onEntry: options.onEntry });
    }
    return count;
}
/**
 * The content digest of a directory: sha256 over every entry in sorted relative-path order, each as its kind,
 * path, normalised mode and content (or link target). Same content, same digest, wherever it was built.
 */
async function contentDigest(dir, onEntry) {
    const hash = (0, node_crypto_1.createHash)('sha256');
    const entries = await listTree(dir, '');
    entries.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
    for (const entry of entries) {
        onEntry?.();
        const full = node_path_1.default.join(dir, entry.rel);
        const name = JSON.stringify(entry.rel);
        if (entry.kind === 'dir')
            hash.update(`dir ${name}\n`);
        else if (entry.kind === 'link')
            hash.update(`link ${name} ${JSON.stringify(await (0, promises_1.readlink)(full))}\n`);
        else {
            hash.update(`file ${name} ${normalMode(entry.mode).toString(8)} ${entry.size}\n`);
            await hashFile(hash, full);
        }
    }
    return `sha256:${hash.digest('hex')}`;
}
async function listTree(root, rel) {
    const out = [];
    for (const name of await (0, promises_1.readdir)(node_path_1.default.join(root, rel))) {
        const childRel = rel ? `${rel}/${name}` : name;
        const info = await (0, promises_1.lstat)(node_path_1.default.join(root, childRel));
        if (info.isSymbolicLink())
            out.push({ rel: childRel, kind: 'link', mode: 0, size: 0 });
        else if (info.isFile())
            out.push({ rel: childRel, kind: 'file', mode: info.mode, size: info.size });
        else if (info.isDirectory()) {
            out.push({ rel: childRel, kind: 'dir', mode: 0o755, size: 0 });
            out.push(...(await listTree(root, childRel)));
        }
    }
    return out;
}
async function hashFile(hash, file) {
    for await (const chunk of (0, node_fs_1.createReadStream)(file))
        hash.update(chunk);
}
//# sourceMappingURL=image-store.js.map