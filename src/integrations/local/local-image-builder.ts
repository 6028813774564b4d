import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuiltImage, ImageBuilder, ImageBuildRequest } from '../../ports/image-builder';
import type { LogStore } from '../../ports/log-store';
import { entryCounter, prepareImageContext } from './image-context';
import { contentDigest, imagePath, safeSegment, tagPath } from './image-store';

export { expandPlaceholders, generatedDockerfile, generatedStartScript } from './image-context';

export interface LocalImageBuilderDeps {
  imagesDir: string;
  logs: LogStore;
}

/**
 * Builds "images" as directories on this machine (embedded mode: no Docker). Content-addressed and immutable:
 * building the same content again reuses the stored image, so a retried build activity is harmless.
 */
export function createLocalImageBuilder(deps: LocalImageBuilderDeps): ImageBuilder {
  return {
    async build(req: ImageBuildRequest, io: { signal: AbortSignal; heartbeat: () => void }): Promise<BuiltImage> {
      const log = deps.logs.open(req.logId);
      const say = (line: string): void => log.write(`[image] ${line}\n`);
      const started = Date.now();
      let staging: string | undefined;
      try {
        const service = safeSegment(req.service, 'service');
        safeSegment(req.tag, 'tag');
        const onEntry = entryCounter(io);
        say(`building ${req.repository}:${req.tag} of ${service} at ${req.commit} from ${req.workspace}`);

        const serviceDir = path.join(deps.imagesDir, service);
        await mkdir(serviceDir, { recursive: true });
        // Staged beside its final place: the rename into place is atomic, so a stored image is always complete.
        staging = await mkdtemp(path.join(serviceDir, '.staging-'));
        await prepareImageContext(req, staging, say, io);
        const dockerfile = path.join(staging, 'Dockerfile');
        await chmod(dockerfile, 0o644);
        await chmod(staging, 0o755);

        const digest = await contentDigest(staging, onEntry);
        io.heartbeat();
        const finalDir = imagePath(deps.imagesDir, service, digest.slice('sha256:'.length));
        const reused = await storeOnce(staging, finalDir);
        if (!reused) staging = undefined;
        say(reused ? `same content as the stored ${digest}: reused` : `stored ${digest} in ${finalDir}`);

        const image = `${req.repository}@${digest}`;
        await writeTag(tagPath(deps.imagesDir, service, req.tag), image);
        say(`tagged ${req.repository}:${req.tag} -> ${image} (${Date.now() - started} ms)`);
        return { image, digest, tag: req.tag };
      } catch (err) {
        say(`failed: ${(err as Error).message}`);
        throw err;
      } finally {
        if (staging) await rm(staging, { recursive: true, force: true });
        await log.close();
      }
    },
  };
}

/** Moves the staged image into place unless that content is already stored; true when it was (reuse). */
async function storeOnce(staging: string, finalDir: string): Promise<boolean> {
  if (existsSync(finalDir)) return true;
  try {
    await rename(staging, finalDir);
    return false;
  } catch (err) {
    // A concurrent build of the same content won the rename: same digest, same content.
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTEMPTY') return true;
    throw err;
  }
}

async function writeTag(file: string, image: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomUUID()}.tmp`;
  await writeFile(tmp, `${image}\n`);
  await rename(tmp, file);
}
