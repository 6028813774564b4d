import { createHash, type Hash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, readdir, readFile, readlink, rm, symlink } from 'node:fs/promises';
import path from 'node:path';

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
export const IMAGE_CONTENT_DIR = 'start_env';
const DIGEST_DIR_PREFIX = 'sha256-';
const HEX_DIGEST = /^[0-9a-f]{64}$/;
/** Path segments that end up in file names: no separators, no "..". */
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export interface ParsedImageRef {
  /** e.g. registry.gantry.local/hello-node */
  repository: string;
  /** The last segment of the repository: the image store keeps images per service. */
  service: string;
  /** The 64 hex digits of the sha256 digest. */
  hex: string;
}

/** Parses `registry/service[:tag]@sha256:<hex>`; local deploys only ever use digest-pinned references. */
export function parseImageRef(imageRef: string): ParsedImageRef {
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
  if (!SAFE_SEGMENT.test(service)) throw new Error(`image "${imageRef}" does not name a service`);
  const repository = colon < 0 ? named : named.slice(0, named.length - lastSegment.length + colon);
  return { repository, service, hex };
}

/** Where an image with this digest is (or would be) stored. */
export function imagePath(imagesDir: string, service: string, hex: string): string {
  return path.join(imagesDir, safeSegment(service, 'service'), `${DIGEST_DIR_PREFIX}${hex}`);
}

/** The stored directory of a built image; throws when the reference has no digest or the image was not built here. */
export function imageDir(imagesDir: string, imageRef: string): string {
  const { service, hex } = parseImageRef(imageRef);
  const dir = imagePath(imagesDir, service, hex);
  if (!existsSync(dir)) throw new Error(`unknown image "${imageRef}": it was not built into ${imagesDir} (no ${dir})`);
  return dir;
}

export function tagPath(imagesDir: string, service: string, tag: string): string {
  return path.join(imagesDir, safeSegment(service, 'service'), 'tags', safeSegment(tag, 'tag'));
}

/** The pinned reference a tag points at, or undefined when the tag was never recorded. */
export async function resolveTag(imagesDir: string, service: string, tag: string): Promise<string | undefined> {
  try {
    return (await readFile(tagPath(imagesDir, service, tag), 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export function safeSegment(value: string, what: string): string {
  if (!SAFE_SEGMENT.test(value)) {
    throw new Error(`${what} "${value}" cannot be used in a file name (letters, digits, "_", "." and "-" only)`);
  }
  return value;
}

/** Modes are normalised so the same content hashes the same whatever the umask of the checkout was. */
const normalMode = (mode: number): number => (mode & 0o111 ? 0o755 : 0o644);

export interface CopyOptions {
  /** Entries left out (with everything under them), by their slash-separated path relative to the source. */
  skip?: (rel: string) => boolean;
  /** Called for every entry copied: the place to heartbeat and to stop on abort. */
  onEntry?: () => void;
}

/** Copies a tree (or one file), keeping symlinks as links and normalising modes; existing files are overwritten. */
export async function copyTree(source: string, target: string, options: CopyOptions = {}): Promise<number> {
  return copyEntry(source, target, '', options);
}

async function copyEntry(source: string, target: string, rel: string, options: CopyOptions): Promise<number> {
  const info = await lstat(source);
  options.onEntry?.();
  if (info.isSymbolicLink()) {
    await rm(target, { force: true });
    await symlink(await readlink(source), target);
    return 1;
  }
  if (info.isFile()) {
    await copyFile(source, target);
    await chmod(target, normalMode(info.mode));
    return 1;
  }
  if (!info.isDirectory()) return 0; // sockets, fifos: not image content
  await mkdir(target, { recursive: true });
  await chmod(target, 0o755);
  let count = 0;
  for (const name of (await readdir(source)).sort()) {
    const childRel = rel ? `${rel}/${name}` : name;
    if (options.skip?.(childRel)) continue;
    count += await copyEntry(path.join(source, name), path.join(target, name), childRel, options);
  }
  return count;
}

/**
 * The content digest of a directory: sha256 over every entry in sorted relative-path order, each as its kind,
 * path, normalised mode and content (or link target). Same content, same digest, wherever it was built.
 */
export async function contentDigest(dir: string, onEntry?: () => void): Promise<string> {
  const hash = createHash('sha256');
  const entries = await listTree(dir, '');
  entries.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  for (const entry of entries) {
    onEntry?.();
    const full = path.join(dir, entry.rel);
    const name = JSON.stringify(entry.rel);
    if (entry.kind === 'dir') hash.update(`dir ${name}\n`);
    else if (entry.kind === 'link') hash.update(`link ${name} ${JSON.stringify(await readlink(full))}\n`);
    else {
      hash.update(`file ${name} ${normalMode(entry.mode).toString(8)} ${entry.size}\n`);
      await hashFile(hash, full);
    }
  }
  return `sha256:${hash.digest('hex')}`;
}

interface TreeEntry {
  rel: string;
  kind: 'dir' | 'file' | 'link';
  mode: number;
  size: number;
}

async function listTree(root: string, rel: string): Promise<TreeEntry[]> {
  const out: TreeEntry[] = [];
  for (const name of await readdir(path.join(root, rel))) {
    const childRel = rel ? `${rel}/${name}` : name;
    const info = await lstat(path.join(root, childRel));
    if (info.isSymbolicLink()) out.push({ rel: childRel, kind: 'link', mode: 0, size: 0 });
    else if (info.isFile()) out.push({ rel: childRel, kind: 'file', mode: info.mode, size: info.size });
    else if (info.isDirectory()) {
      out.push({ rel: childRel, kind: 'dir', mode: 0o755, size: 0 });
      out.push(...(await listTree(root, childRel)));
    }
  }
  return out;
}

async function hashFile(hash: Hash, file: string): Promise<void> {
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
}
