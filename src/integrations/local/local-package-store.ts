import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ARTIFACT_TYPE, PACKAGE_FILE_NAME, PACKAGE_LAYER_MEDIA_TYPE } from '../../domain/artifact-kind';
import type { LogStore } from '../../ports/log-store';
import type { BuiltPackage, PackageBuildRequest, PackageIo, PackageStore } from '../../ports/package-store';
import { createKeyedMutex } from '../git/run-git';
import { parseImageRef, safeSegment } from './image-store';
import { publishPacked, unpackArchive } from './package-archive';

/** The OCI empty descriptor: artifacts carry no config (image-spec 1.1, "Guidelines for Artifact Usage"). */
const EMPTY_CONFIG = {
  mediaType: 'application/vnd.oci.empty.v1+json',
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
  data: 'e30=',
} as const;
const MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
/** Fixed, so the same package always has the same manifest digest (oras is told the same). */
export const PACKAGE_CREATED = '1970-01-01T00:00:00Z';

/** One writer of a service's index.json at a time. */
const withLayoutLock = createKeyedMutex();

export interface OciManifest {
  artifactType?: string;
  layers: { mediaType: string; digest: string; size: number }[];
}

/**
 * Packages in the embedded mode: one OCI image layout per service under `<packagesDir>/<service>/` (the format
 * `oras … --oci-layout` reads and writes), so a package is content-addressed the same way as in a registry: the
 * tar.gz is a blob, the manifest naming it is a blob, and the manifest's digest pins it. Tags are index.json
 * entries. Blobs are written once (staged, then renamed into place) and never changed.
 */
export function createLocalPackageStore(deps: { packagesDir: string; logs: LogStore }): PackageStore {
  const layoutOf = (service: string): string => path.join(deps.packagesDir, safeSegment(service, 'service'));
  const blobPath = (layout: string, digest: string): string =>
    path.join(layout, 'blobs', 'sha256', digest.slice('sha256:'.length));

  async function putBlob(layout: string, digest: string, write: (tmp: string) => Promise<void>): Promise<void> {
    const target = blobPath(layout, digest);
    if (existsSync(target)) return;
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID()}.tmp`;
    await write(tmp);
    await rename(tmp, target);
  }

  async function tag(layout: string, tagName: string, digest: string, size: number): Promise<void> {
    await withLayoutLock(layout, async () => {
      const file = path.join(layout, 'index.json');
      const index = existsSync(file)
        ? (JSON.parse(await readFile(file, 'utf8')) as { manifests: Record<string, unknown>[] })
        : { manifests: [] };
      const manifests = index.manifests.filter(
        (m) => (m.annotations as Record<string, string> | undefined)?.['org.opencontainers.image.ref.name'] !== tagName,
      );
      manifests.push({
        mediaType: MANIFEST_MEDIA_TYPE,
        artifactType: PACKAGE_ARTIFACT_TYPE,
        digest,
        size,
        annotations: { 'org.opencontainers.image.ref.name': tagName },
      });
      const tmp = `${file}.${randomUUID()}.tmp`;
      await writeFile(
        tmp,
        `${JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests })}\n`,
      );
      await rename(tmp, file);
      await writeFile(path.join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    });
  }

  return {
    async publish(req: PackageBuildRequest, io: PackageIo): Promise<BuiltPackage> {
      const started = Date.now();
      const service = safeSegment(req.service, 'service');
      safeSegment(req.tag, 'tag');
      const layout = layoutOf(service);
      await mkdir(layout, { recursive: true });
      return publishPacked(
        req,
        io,
        { logs: deps.logs, workPrefix: path.join(layout, '.staging-') },
        async (packed, say) => {
          await putBlob(layout, packed.digest, (tmp) => copyFile(packed.file, tmp));
          await putBlob(layout, EMPTY_CONFIG.digest, (tmp) => writeFile(tmp, '{}'));
          const manifest = Buffer.from(JSON.stringify(packageManifest(packed.digest, packed.size)));
          const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
          await putBlob(layout, digest, (tmp) => writeFile(tmp, manifest));
          await tag(layout, req.tag, digest, manifest.length);
          const reference = `${req.repository}@${digest}`;
          say(`stored ${reference} in ${layout} (OCI layout, tag ${req.tag}; ${Date.now() - started} ms)`);
          return { package: reference, digest, layerDigest: packed.digest, size: packed.size, tag: req.tag };
        },
      );
    },

    async unpack(reference: string, dir: string, io: PackageIo): Promise<void> {
      const { service, hex } = parseImageRef(reference);
      const layout = layoutOf(service);
      const manifestFile = blobPath(layout, `sha256:${hex}`);
      if (!existsSync(manifestFile)) {
        throw new Error(
          `unknown package "${reference}": it was not built into ${deps.packagesDir} (no ${manifestFile})`,
        );
      }
      const layer = packageLayer(JSON.parse(await readFile(manifestFile, 'utf8')) as OciManifest, reference);
      await unpackArchive(blobPath(layout, layer.digest), dir, io.signal);
      io.heartbeat();
    },
  };
}

/** The manifest of a package: the empty config, the tar.gz as the one layer, a fixed creation time. */
function packageManifest(layerDigest: string, size: number): Record<string, unknown> {
  return {
    schemaVersion: 2,
    mediaType: MANIFEST_MEDIA_TYPE,
    artifactType: PACKAGE_ARTIFACT_TYPE,
    config: EMPTY_CONFIG,
    layers: [
      {
        mediaType: PACKAGE_LAYER_MEDIA_TYPE,
        digest: layerDigest,
        size,
        annotations: { 'org.opencontainers.image.title': PACKAGE_FILE_NAME },
      },
    ],
    annotations: { 'org.opencontainers.image.created': PACKAGE_CREATED },
  };
}

/** The package layer of a manifest; anything else (an image, another artifact) is refused with what it is. */
export function packageLayer(manifest: OciManifest, reference: string): { digest: string; size: number } {
  if (manifest.artifactType !== PACKAGE_ARTIFACT_TYPE) {
    throw new Error(
      `${reference} is not a Gantry package (artifactType ${manifest.artifactType ?? 'none'}, want ${PACKAGE_ARTIFACT_TYPE})`,
    );
  }
  const layer = manifest.layers.find((l) => l.mediaType === PACKAGE_LAYER_MEDIA_TYPE);
  if (!layer || !/^sha256:[0-9a-f]{64}$/.test(layer.digest)) throw new Error(`${reference} has no package layer`);
  return layer;
}
