import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LogStore, LogWriter } from '../../ports/log-store';
import type { BuiltPackage, PackageBuildRequest, PackageIo } from '../../ports/package-store';
import { prepareImageContext } from './image-context';
import { IMAGE_CONTENT_DIR } from './image-store';
import { PACKAGE_FILE_NAME } from '../../domain/artifact-kind';

export interface PackedArchive {
  /** The tar.gz on disk. */
  file: string;
  /** sha256:<hex> of the tar.gz: the artifact's one layer. */
  digest: string;
  size: number;
}

/**
 * Packs a service's build output as a package: the same runtime convention as an image (start.sh, project/,
 * logs/ at the top) in a tar.gz. Reproducible (sorted names, mtime 0, uid/gid 0, gzip without a timestamp), so
 * the same content packs to the same digest and a retried build stores nothing new.
 */
export async function packPackage(
  req: PackageBuildRequest,
  workDir: string,
  say: (line: string) => void,
  io: PackageIo,
): Promise<PackedArchive> {
  const context = path.join(workDir, 'context');
  await mkdir(context, { recursive: true });
  // The image context's start_env/ is exactly what a package holds; its Dockerfile is left out.
  await prepareImageContext(req, context, say, io);
  const file = path.join(workDir, PACKAGE_FILE_NAME);
  await runTar(
    [
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
      path.join(context, IMAGE_CONTENT_DIR),
      '.',
    ],
    io.signal,
  );
  io.heartbeat();
  const digest = await fileDigest(file);
  const { size } = await stat(file);
  say(`packed ${PACKAGE_FILE_NAME}: ${size} bytes, layer ${digest}`);
  return { file, digest, size };
}

/**
 * What publishing looks like in every package store: logged under the request's log, packed in a work directory
 * of its own (`mkdtemp(workPrefix)`, removed afterwards), then handed to `store`, which puts the archive where it
 * belongs; a failure is logged before it is thrown.
 */
export async function publishPacked(
  req: PackageBuildRequest,
  io: PackageIo,
  opts: { logs: LogStore; workPrefix: string },
  store: (packed: PackedArchive, say: (line: string) => void, log: LogWriter) => Promise<BuiltPackage>,
): Promise<BuiltPackage> {
  const log = opts.logs.open(req.logId);
  const say = (line: string): void => log.write(`[package] ${line}\n`);
  let work: string | undefined;
  try {
    work = await mkdtemp(opts.workPrefix);
    say(`packaging ${req.repository}:${req.tag} of ${req.service} at ${req.commit} from ${req.workspace}`);
    return await store(await packPackage(req, work, say, io), say, log);
  } catch (err) {
    say(`failed: ${(err as Error).message}`);
    throw err;
  } finally {
    if (work) await rm(work, { recursive: true, force: true });
    await log.close();
  }
}

/** Unpacks a package's tar.gz into `dir` (created when missing); files already there are overwritten. */
export async function unpackArchive(file: string, dir: string, signal: AbortSignal): Promise<void> {
  await mkdir(dir, { recursive: true });
  await runTar(['--no-same-owner', '-xzf', file, '-C', dir], signal);
}

async function fileDigest(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

function runTar(args: string[], signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('tar', args, { signal, maxBuffer: 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`tar ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
      else resolve();
    });
  });
}
