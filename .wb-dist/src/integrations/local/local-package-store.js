"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.PACKAGE_CREATED = void 0;
exports.createLocalPackageStore = createLocalPackageStore;
exports.packageLayer = packageLayer;
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const promises_1 = require("node:fs/promises");
const node_path_1 = __importDefault(require("node:path"));
const artifact_kind_1 = require("../../domain/artifact-kind");
const run_git_1 = require("../git/run-git");
const image_store_1 = require("./image-store");
const package_archive_1 = require("./package-archive");
/** The OCI empty descriptor: artifacts carry no config (image-spec 1.1, "Guidelines for Artifact Usage"). */
const EMPTY_CONFIG = {
    mediaType: 'application/vnd.oci.empty.v1+json',
    digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    size: 2,
    data: 'e30=',
};
const MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
/** Fixed, so the same package always has the same manifest digest (oras is told the same). */
exports.PACKAGE_CREATED = '1970-01-01T00:00:00Z';
/** One writer of a service's index.json at a time. */
const withLayoutLock = (0, run_git_1.createKeyedMutex)();
/**
 * Packages in the embedded mode: one OCI image layout per service under `<packagesDir>/<service>/` (the format
 * `oras … --oci-layout` reads and writes), so a package is content-addressed the same way as in a registry: the
 * tar.gz is a blob, the manifest naming it is a blob, and the manifest's digest pins it. Tags are index.json
 * entries. Blobs are written once (staged, then renamed into place) and never changed.
 */
function createLocalPackageStore(deps) {
    const layoutOf = (service) => node_path_1.default.join(deps.packagesDir, (0, image_store_1.safeSegment)(service, 'service'));
    const blobPath = (layout, digest) => node_path_1.default.join(layout, 'blobs', 'sha256', digest.slice('sha256:'.length));
    async function putBlob(layout, digest, write) {
        const target = blobPath(layout, digest);
        if ((0, node_fs_1.existsSync)(target))
            return;
        await (0, promises_1.mkdir)(node_path_1.default.dirname(target), { recursive: true });
        const tmp = `${target}.${(0, node_crypto_1.randomUUID)()}.tmp`;
        await write(tmp);
        await (0, promises_1.rename)(tmp, target);
    }
    async function tag(layout, tagName, digest, size) {
        await withLayoutLock(layout, async () => {
            const file = node_path_1.default.join(layout, 'index.json');
            const index = (0, node_fs_1.existsSync)(file)
                ? JSON.parse(await (0, promises_1.readFile)(file, 'utf8'))
                : { manifests: [] };
            const manifests = index.manifests.filter((m) => m.annotations?.['org.opencontainers.image.ref.name'] !== tagName);
            manifests.push({
                mediaType: MANIFEST_MEDIA_TYPE,
                artifactType: artifact_kind_1.PACKAGE_ARTIFACT_TYPE,
                digest,
                size,
                annotations: { 'org.opencontainers.image.ref.name': tagName },
            });
            const tmp = `${file}.${(0, node_crypto_1.randomUUID)()}.tmp`;
            await (0, promises_1.writeFile)(tmp, `${JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests })}\n`);
            await (0, promises_1.rename)(tmp, file);
            await (0, promises_1.writeFile)(node_path_1.default.join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
        });
    }
    return {
        async publish(req, io) {
            const started = Date.now();
            const service = (0, image_store_1.safeSegment)(req.service, 'service');
            (0, image_store_1.safeSegment)(req.tag, 'tag');
            const layout = layoutOf(service);
            await (0, promises_1.mkdir)(layout, { recursive: true });
            return (0, package_archive_1.publishPacked)(req, io, { logs: deps.logs, workPrefix: node_path_1.default.join(layout, '.staging-') }, async (packed, say) => {
                await putBlob(layout, packed.digest, (tmp) => (0, promises_1.copyFile)(packed.file, tmp));
                await putBlob(layout, EMPTY_CONFIG.digest, (tmp) => (0, promises_1.writeFile)(tmp, '{}'));
                const manifest = Buffer.from(JSON.stringify(packageManifest(packed.digest, packed.size)));
                const digest = `sha256:${(0, node_crypto_1.createHash)('sha256').update(manifest).digest('hex')}`;
                await putBlob(layout, digest, (tmp) => (0, promises_1.writeFile)(tmp, manifest));
                await tag(layout, req.tag, digest, manifest.length);
                const reference = `${req.repository}@${digest}`;
                say(`stored ${reference} in ${layout} (OCI layout, tag ${req.tag}; ${Date.now() - started} ms)`);
                return { package: reference, digest, layerDigest: packed.digest, size: packed.size, tag: req.tag };
            });
        },
        async unpack(reference, dir, io) {
            const { service, hex } = (0, image_store_1.parseImageRef)(reference);
            const layout = layoutOf(service);
            const manifestFile = blobPath(layout, `sha256:${hex}`);
            if (!(0, node_fs_1.existsSync)(manifestFile)) {
                throw new Error(`unknown package "${reference}": it was not built into ${deps.packagesDir} (no ${manifestFile})`);
            }
            const layer = packageLayer(JSON.parse(await (0, promises_1.readFile)(manifestFile, 'utf8')), reference);
            await (0, package_archive_1.unpackArchive)(blobPath(layout, layer.digest), dir, io.signal);
            io.heartbeat();
        },
    };
}
/** The manifest of a package: the empty config, the tar.gz as the one layer, a fixed creation time. */
function packageManifest(layerDigest, size) {
    return {
        schemaVersion: 2,
        mediaType: MANIFEST_MEDIA_TYPE,
        artifactType: artifact_kind_1.PACKAGE_ARTIFACT_TYPE,
        config: EMPTY_CONFIG,
        layers: [
            {
                mediaType: artifact_kind_1.PACKAGE_LAYER_MEDIA_TYPE,
                digest: layerDigest,
                size,
                annotations: { 'org.opencontainers.image.title': artifact_kind_1.PACKAGE_FILE_NAME },
            },
        ],
        annotations: { 'org.opencontainers.image.created': exports.PACKAGE_CREATED },
    };
}
/** The package layer of a manifest; anything else (an image, another artifact) is refused with what it is. */
function packageLayer(manifest, reference) {
    if (manifest.artifactType !== artifact_kind_1.PACKAGE_ARTIFACT_TYPE) {
        throw new Error(`${reference} is not a Gantry package (artifactType ${manifest.artifactType ?? 'none'}, want ${artifact_kind_1.PACKAGE_ARTIFACT_TYPE})`);
    }
    const layer = manifest.layers.find((l) => l.mediaType === artifact_kind_1.PACKAGE_LAYER_MEDIA_TYPE);
    if (!layer || !/^sha256:[0-9a-f]{64}$/.test(layer.digest))
        throw new Error(`${reference} has no package layer`);
    return layer;
}
//# sourceMappingURL=local-package-store.js.map