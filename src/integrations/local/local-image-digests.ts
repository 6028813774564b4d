import { type ImageReference, formatImageReference, parseImageReference } from '../../domain/image-reference';
import { ImageNotResolvable, type RegistryDigests } from '../registry/registry-digests';
import { resolveTag } from './image-store';

/**
 * The embedded image store as a digest resolver: a tag resolves to the digest the local builder recorded for it
 * (images/<service>/tags/<tag>), as a registry's manifest HEAD would. Only images of `registry` live there.
 */
export function createLocalImageDigests(imagesDir: string, registry: string): RegistryDigests {
  return {
    async pin(image: ImageReference): Promise<ImageReference> {
      if (image.digest) return image;
      const name = formatImageReference(image);
      const service = image.repository.split('/').at(-1) ?? '';
      if (image.registry !== registry || !image.tag) {
        throw new ImageNotResolvable(`${name} is not in the embedded image store (${registry})`, true);
      }
      let recorded: string | undefined;
      try {
        recorded = await resolveTag(imagesDir, service, image.tag);
      } catch (err) {
        throw new ImageNotResolvable(`could not read the tag of ${name}: ${(err as Error).message}`, false);
      }
      const pinned = recorded ? parseImageReference(recorded) : undefined;
      if (!pinned?.ok || !pinned.image.digest || pinned.image.repository !== image.repository) {
        throw new ImageNotResolvable(`${name} was never built here: no such tag in the embedded image store`, true);
      }
      return { ...image, digest: pinned.image.digest };
    },
  };
}
