import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuiltImage, ImageBuilder, ImageBuildRequest } from '../../ports/image-builder';
import type { LogStore, LogWriter } from '../../ports/log-store';
import { safeSegment } from '../local/image-store';
import { pickEnv } from '../local/local-executor';
import { abortError } from '../../util/abort';
import { runTool, type ToolIo } from '../process/run-tool';
import { IMAGE_BUILD_CANCELLED, prepareImageContext } from '../local/image-context';

export interface RegistryConfig {
  /** host[:port][/prefix], e.g. 127.0.0.1:5000; repositories of the requests must live under it. */
  url: string;
  username?: string;
  password?: string;
  /** false for a plain-HTTP or self-signed registry (the local one the tests start). */
  tlsVerify: boolean;
}

export interface BuildahImageBuilderDeps {
  logs: LogStore;
  /** Build contexts and buildah's temp files go here (each build in its own directory, removed afterwards). */
  workDir: string;
  registry: RegistryConfig;
  /** The buildah binary; defaults to `buildah` on PATH. */
  buildah?: string;
  /** containers/storage root; shared across builds so base images are pulled once. Defaults under workDir. */
  storageRoot?: string;
  heartbeatIntervalMs?: number;
  /** Time between SIGTERM and SIGKILL when a build is cancelled. */
  killGraceMs?: number;
}

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
export function createBuildahImageBuilder(deps: BuildahImageBuilderDeps): ImageBuilder {
  const buildah = deps.buildah ?? 'buildah';
  const storageRoot = deps.storageRoot ?? path.join(deps.workDir, 'storage');
  // The runroot holds the storage's locks and mount state: one per root, never shared between roots.
  const runRoot = `${storageRoot}.run`;
  const registryUrl = deps.registry.url.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  const tls = `--tls-verify=${deps.registry.tlsVerify}`;
  const heartbeatIntervalMs = deps.heartbeatIntervalMs ?? 2000;
  const killGraceMs = deps.killGraceMs ?? 3000;

  return {
    async build(req: ImageBuildRequest, io: { signal: AbortSignal; heartbeat: () => void }): Promise<BuiltImage> {
      const log = deps.logs.open(req.logId);
      const say = (line: string): void => log.write(`[image] ${line}\n`);
      const started = Date.now();
      let buildDir: string | undefined;
      let removeImage: (() => Promise<void>) | undefined;
      try {
        const service = safeSegment(req.service, 'service');
        safeSegment(req.tag, 'tag');
        if (!req.repository.startsWith(`${registryUrl}/`)) {
          throw new Error(`repository ${req.repository} is not in the registry ${registryUrl} this builder pushes to`);
        }
        if (io.signal.aborted) throw abortError(io.signal, IMAGE_BUILD_CANCELLED);
        const ref = `${req.repository}:${req.tag}`;
        say(`building ${ref} of ${service} at ${req.commit} from ${req.workspace} with buildah`);

        await mkdir(deps.workDir, { recursive: true });
        buildDir = await mkdtemp(path.join(deps.workDir, 'build-'));
        const context = path.join(buildDir, 'context');
        const tmp = path.join(buildDir, 'tmp');
        await mkdir(tmp);
        await prepareImageContext(req, context, say, io);

        // Credentials in an auth file, not --creds: a command line is readable by every user in /proc.
        const authFile = path.join(buildDir, 'auth.json');
        await writeFile(authFile, authJson(registryUrl, deps.registry), { mode: 0o600 });
        const run = (what: string, args: string[], runIo = io): Promise<void> =>
          runBuildah(buildah, ['--storage-driver', 'vfs', '--root', storageRoot, '--runroot', runRoot, ...args], {
            what,
            registry: registryUrl,
            log,
            io: runIo,
            // TMPDIR: buildah stages layers in /var/tmp otherwise, outside the directory we clean up.
            env: { ...pickEnv(process.env), TMPDIR: tmp },
            heartbeatIntervalMs,
            killGraceMs,
          });

        const iidFile = path.join(buildDir, 'image-id');
        const digestFile = path.join(buildDir, 'digest');
        const auth = [tls, '--authfile', authFile];
        const bud = ['bud', '--isolation', 'chroot', ...auth, '--build-arg', `BASE_IMAGE=${req.language.runtimeImage}`];
        const buildAndPush = async (): Promise<string> => {
          say(`buildah bud (base ${req.language.runtimeImage})`);
          // A name of its own, removed after the push: names count references, so when identical builds share one
          // image id, the image goes with the last name, not from under a build still pushing it.
          const localName = `localhost/gantry-build:${randomUUID()}`;
          const dockerfile = path.join(context, 'Dockerfile');
          await run('build', [...bud, '--iidfile', iidFile, '-f', dockerfile, '-t', localName, context]);
          // vfs keeps a full copy of every layer: the image goes once pushed or failed (bases stay), even when
          // cancelled, hence a signal of its own.
          const imageId = (await readFile(iidFile, 'utf8')).trim();
          removeImage = () =>
            run('cleanup', ['rmi', localName], { signal: new AbortController().signal, heartbeat: io.heartbeat }).then(
              () => undefined,
              (err: Error) => say(`could not remove ${localName}: ${err.message}`),
            );
          say(`built image ${imageId}; buildah push ${ref}`);
          await run('push', ['push', ...auth, '--digestfile', digestFile, localName, `docker://${ref}`]);
          const pushed = (await readFile(digestFile, 'utf8')).trim();
          if (!DIGEST.test(pushed)) throw new Error(`buildah push wrote an unexpected digest "${pushed}"`);
          return pushed;
        };
        let digest = '';
        for (let attempt = 1; !digest; attempt++) {
          try {
            digest = await buildAndPush();
          } catch (err) {
            // Identical builds at once (a retry racing its original, one commit on two branches) can share an image
            // id or a layer in the storage, and one's removal pulls it from under the other: building again is safe.
            if (attempt > 1 || io.signal.aborted || !STORAGE_RACE.test((err as Error).message)) throw err;
            await removeImage?.();
            removeImage = undefined;
            say('a concurrent identical build removed the shared image from the storage; building again');
          }
        }

        const image = `${req.repository}@${digest}`;
        say(`pushed ${ref} -> ${image} (${Date.now() - started} ms)`);
        return { image, digest, tag: req.tag };
      } catch (err) {
        say(`failed: ${(err as Error).message.split('\n')[0] ?? ''}`);
        throw err;
      } finally {
        await removeImage?.();
        if (buildDir) await rm(buildDir, { recursive: true, force: true }).catch(() => undefined);
        await log.close();
      }
    },
  };
}

function authJson(registryUrl: string, registry: RegistryConfig): string {
  if (registry.username === undefined) return '{"auths":{}}\n';
  const auth = Buffer.from(`${registry.username}:${registry.password ?? ''}`).toString('base64');
  return `${JSON.stringify({ auths: { [registryUrl]: { auth } } })}\n`;
}

interface RunOptions {
  what: string;
  registry: string;
  log: LogWriter;
  io: ToolIo;
  env: Record<string, string>;
  heartbeatIntervalMs: number;
  killGraceMs: number;
}

/** Runs buildah in its own process group, output to the log; rejects with the output tail. */
async function runBuildah(binary: string, args: string[], opts: RunOptions): Promise<void> {
  const { log } = opts;
  const exit = await runTool(binary, args, {
    io: opts.io,
    cancelled: IMAGE_BUILD_CANCELLED,
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
  if (exit.code === 0) return;
  throw new Error(failureMessage(opts.what, exit.code ?? exit.signal ?? '?', lastLines(exit.tail), opts.registry));
}

function failureMessage(what: string, status: number | string, tail: string, registry: string): string {
  // The registry's 401 is buried in a long buildah line; say it plainly first.
  const auth = /unauthorized|authentication required|invalid username\/password/i.test(tail)
    ? `: the registry ${registry} rejected the credentials`
    : '';
  return `buildah ${what} failed (exit ${status})${auth}\n${tail}`;
}

function lastLines(text: string): string {
  return text.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
}
