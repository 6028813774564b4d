"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.packPackage = packPackage;
exports.publishPacked = publishPacked;
exports.unpackArchive = unpackArchive;
const node_child_process_1 = require("node:child_process");
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const promises_1 = require("node:fs/promises");
const node_path_1 = __importDefault(require("node:path"));
const image_context_1 = require("./image-context");
const image_store_1 = require("./image-store");
const artifact_kind_1 = require("../../domain/artifact-kind");
/**
 * Packs a service's build output as a package: the same runtime convention as an image (start.sh, project/,
 * logs/ at the top) in a tar.gz. Reproducible (sorted names, mtime 0, uid/gid 0, gzip without a timestamp), so
 * the same content packs to the same digest and a retried build stores nothing new.
 */
async function packPackage(req, workDir, say, io) {
    const context = node_path_1.default.join(workDir, 'context');
    await (0, promises_1.mkdir)(context, { recursive: true });
    // The image context's start_env/ is exactly what a package holds; its Dockerfile is left out.
    await (0, image_context_1.prepareImageContext)(req, context, say, io);
    const file = node_path_1.default.join(workDir, artifact_kind_1.PACKAGE_FILE_NAME);
    await runTar([
        '--sort=name',
        '--format=gnu',
        '--mtime=@0',
        '--owner=0',
        '--group=0',
        '--numeric-owner',
        '--use-compress-program=gzip -n',
        '-cf',
        file,
        '-C',
        node_path_1.default.join(context, image_store_1.IMAGE_CONTENT_DIR),
        '.',
    ], io.signal);
    io.heartbeat();
    const digest = await fileDigest(file);
    const { size } = await (0, promises_1.stat)(file);
    say(`packed ${artifact_kind_1.PACKAGE_FILE_NAME}: ${size} bytes, layer ${digest}`);
    return { file, digest, size };
}
/**
 * What publishing looks like in every package store: logged under the request's log, packed in a work directory
 * of its own (`mkdtemp(workPrefix)`, removed afterwards), then handed to `store`, which puts the archive where it
 * belongs; a failure is logged before it is thrown.
 */
async function publishPacked(req, io, opts, store) {
    const log = opts.logs.open(req.logId);
    const say = (line) => log.write(`[package] ${line}\n`);
    let work;
    try {
        work = await (0, promises_1.mkdtemp)(opts.workPrefix);
        say(`packaging ${req.repository}:${req.tag} of ${req.service} at ${req.commit} from ${req.workspace}`);
        return await store(await packPackage(req, work, say, io), say, log);
    }
    catch (err) {
        say(`failed: ${err.message}`);
        throw err;
    }
    finally {
        if (work)
            await (0, promises_1.rm)(work, { recursive: true, force: true });
        await log.close();
    }
}
/** Unpacks a package's tar.gz into `dir` (created when missing); files already there are overwritten. */
async function unpackArchive(file, dir, signal) {
    await (0, promises_1.mkdir)(dir, { recursive: true });
    await runTar(['--no-same-owner', '-xzf', file, '-C', dir], signal);
}
async function fileDigest(file) {
    const hash = (0, node_crypto_1.createHash)('sha256');
    for await (const chunk of (0, node_fs_1.createReadStream)(file))
        hash.update(chunk);
    return `sha256:${hash.digest('hex')}`;
}
function runTar(args, signal) {
    return new Promise((resolve, reject) => {
        (0, node_child_process_1.execFile)('tar', args, { signal, maxBuffer: 1024 * 1024 }, (error, _stdout, stderr) => {
            if (error)
                reject(new Error(`tar ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
            else
                resolve();
        });
    });
}
//# sourceMappingURL=package-archive.js.map