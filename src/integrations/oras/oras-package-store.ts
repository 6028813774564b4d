import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PACKAGE_ARTIFACT_TYPE, PACKAGE_FILE_NAME, PACKAGE_LAYER_MEDIA_TYPE } from '../../domain/artifact-kind';
import type { LogStore } from '../../ports/log-store';
import type { BuiltPackage, PackageBuildRequest, PackageIo, PackageStore } from '../../ports/package-store';
import { PACKAGE_CREATED, packageLayer, type OciManifest } from '../local/local-package-store';
import { publishPacked, unpackArchive } from '../local/package-archive';
import { runTool } from '../process/run-tool';

export interface OrasPackageStoreDeps {
  /** The oras CLI (scripts/build-oras.sh puts it in .tools/bin). */
  oras: string;
  logs: LogStore;
  registry: { username?: string; password?: string; tlsVerify: boolean };
  timeoutMs?: number;
  heartbeatIntervalMs?: number;
}

const TAIL_BYTES = 8 * 1024;

/**
 * Packages in the same registry as the images, pushed and pulled by the real oras CLI (Node has no well-kept OCI
 * client). The pushed manifest's digest pins the package; credentials go over stdin, never on a command line.
 */
export function createOrasPackageStore(deps: OrasPackageStoreDeps): PackageStore {
  const timeoutMs = deps.timeoutMs ?? 600_000;
  const heartbeatIntervalMs = deps.heartbeatIntervalMs ?? 2000;

  /** The flags every registry call takes: plain HTTP when TLS verification is off, the user, the password on stdin. */
  const access = (): { args: string[]; stdin?: string } => {
    const args = deps.registry.tlsVerify ? [] : ['--plain-http'];
    if (deps.registry.username === undefined) return { args };
    return {
      args: [...args, '--username', deps.registry.username, '--password-stdin'],
      stdin: deps.registry.password ?? '',
    };
  };

  const oras = (args: string[], io: PackageIo, options: { cwd?: string; onOutput?: (chunk: Buffer) => void } = {}) => {
    const { args: flags, stdin } = access();
    return runOras(deps.oras, [...args, ...flags], { ...options, io, stdin, timeoutMs, heartbeatIntervalMs });
  };

  return {
    publish(req: PackageBuildRequest, io: PackageIo): Promise<BuiltPackage> {
      const workPrefix = path.join(tmpdir(), 'gantry-package-');
      return publishPacked(req, io, { logs: deps.logs, workPrefix }, async (packed, say, log) => {
        const target = `${req.repository}:${req.tag}`;
        const stdout = await oras(
          [
            'push',
            '--no-tty',
            '--format',
            'json',
            '--artifact-type',
            PACKAGE_ARTIFACT_TYPE,
            // A fixed creation time: the same package pushes to the same manifest digest.
            '--annotation',
            `org.opencontainers.image.created=${PACKAGE_CREATED}`,
            target,
            `${PACKAGE_FILE_NAME}:${PACKAGE_LAYER_MEDIA_TYPE}`,
          ],
          io,
          { cwd: path.dirname(packed.file), onOutput: (chunk) => log.write(chunk) },
        );
        const pushed = JSON.parse(stdout) as { digest?: string };
        if (!pushed.digest || !/^sha256:[0-9a-f]{64}$/.test(pushed.digest)) {
          throw new Error(`oras push ${target} reported no manifest digest: ${stdout.slice(0, 500)}`);
        }
        const reference = `${req.repository}@${pushed.digest}`;
        say(`pushed ${target} -> ${reference}`);
        return {
          package: reference,
          digest: pushed.digest,
          layerDigest: packed.digest,
          size: packed.size,
          tag: req.tag,
        };
      });
    },

    async unpack(reference: string, dir: string, io: PackageIo): Promise<void> {
      const work = await mkdtemp(path.join(tmpdir(), 'gantry-package-pull-'));
      try {
        // The manifest first: only a Gantry package is unpacked, and its layer is fetched by digest (oras checks it).
        const manifest = JSON.parse(await oras(['manifest', 'fetch', reference], io)) as OciManifest;
        const layer = packageLayer(manifest, reference);
        const file = path.join(work, PACKAGE_FILE_NAME);
        const repository = reference.slice(0, reference.indexOf('@'));
        await oras(['blob', 'fetch', '--output', file, `${repository}@${layer.digest}`], io);
        await unpackArchive(file, dir, io.signal);
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
  };
}

interface RunOptions {
  io: PackageIo;
  cwd?: string;
  stdin?: string;
  timeoutMs: number;
  heartbeatIntervalMs: number;
  onOutput?: (chunk: Buffer) => void;
}

/** Runs oras; resolves with stdout, rejects with the output tail (never the password, which only went to stdin). */
async function runOras(binary: string, args: string[], opts: RunOptions): Promise<string> {
  const work = await mkdtemp(path.join(tmpdir(), 'gantry-oras-'));
  try {
    // Its own empty credential store: never the worker's ~/.docker/config.json, and nothing is saved there.
    const registryConfig = path.join(work, 'config.json');
    await writeFile(registryConfig, '{}', { mode: 0o600 });
    const exit = await runTool(binary, [...args, '--registry-config', registryConfig], {
      io: opts.io,
      cancelled: 'package transfer cancelled',
      cwd: opts.cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work },
      stdin: opts.stdin,
      timeoutMs: opts.timeoutMs,
      heartbeatIntervalMs: opts.heartbeatIntervalMs,
      tailBytes: TAIL_BYTES,
      tailOf: 'stderr',
      keepStdout: true,
      onOutput: (chunk, stream) => {
        if (stream === 'stderr') opts.onOutput?.(chunk);
      },
    });
    const command = `oras ${args[0] ?? ''}${args[1] && !args[1].startsWith('-') ? ` ${args[1]}` : ''}`;
    if (exit.signal) throw new Error(`${command} was stopped (${exit.signal}) after ${opts.timeoutMs} ms`);
    if (exit.code !== 0) throw new Error(`${command} exited with code ${exit.code}: ${exit.tail.trim()}`);
    return exit.stdout;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
