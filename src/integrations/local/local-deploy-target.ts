import { realpathSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { DeploymentState } from '../../domain/deployment';
import type { Track } from '../../domain/naming';
import {
  DeployError,
  type DeployIo,
  type DeployRef,
  type DeployTarget,
  type OpenedEnvironment,
} from '../../ports/deploy-target';
import type { LogStore } from '../../ports/log-store';
import type { PackageStore } from '../../ports/package-store';
import { artifactKindOf } from '../../domain/artifact-kind';
import { withToolchain } from './local-executor';
import { abortError } from '../../util/abort';
import { copyTree, IMAGE_CONTENT_DIR, imageDir, parseImageRef, safeSegment } from './image-store';
import { createServiceProxies } from './service-proxies';
import { logTail, readRecord, stateFiles, TRACKS, writeRecord, type TrackRecord } from './track-records';
import type { PreviewPorts } from './preview-ports';
import { pickFreePort } from './weighted-proxy';
import { createProcessGroups, pickHostEnv } from './process-groups';
import { probe } from './health-probe';

export interface LocalDeployTargetDeps {
  imagesDir: string;
  runDir: string;
  logs: LogStore;
  /** What the GitOps repo says at `revision`: the reconcile source of truth. */
  desiredState: (ref: DeployRef, revision: string) => Promise<DeploymentState>;
  portOf: (ref: DeployRef, track: Track) => number;
  healthPathOf: (service: string) => string;
  pollMs?: number;
  /** Time between SIGTERM and SIGKILL when a track is stopped. */
  stopGraceMs?: number;
  /** Variables every service starts from; defaults to a few host ones (services must not see worker secrets). */
  baseEnv?: Record<string, string>;
  /** The service's language toolchain (catalog languages.<l>.toolchain): a Java 25 build also runs on Java 25. */
  toolchainOf?: (service: string) => { path: string[]; env: Record<string, string> } | undefined;
  /**
   * The service's stable port is a weighted proxy in front of stable (on a port of its own) and gray (on the gray
   * port), so a gray weight is a share of real requests. Default true; false runs stable on the port directly.
   */
  weightedProxy?: boolean;
  /** Where packages (artifact: package) are fetched from and unpacked; images come from imagesDir. */
  packages?: PackageStore;
  /** Called after a sync changed what runs (e.g. to rewrite Prometheus' scrape targets). */
  onTracksChanged?: () => void;
  /** Port pairs of preview environments, allocated when one opens; without it previews use `portOf`. */
  previewPorts?: PreviewPorts;
}

const PROBE_TIMEOUT_MS = 2000;

export type { TrackRecord } from './track-records';

/** Deploy output of one service in one environment (starts and stops); the services' own output stays in their run dirs. */
export const deployLogId = (ref: DeployRef): string => `deploy/${ref.environment}/${ref.service}`;

/**
 * The embedded deploy target: every track is a process group on this machine, started from a copy of the image
 * content (or the unpacked package) with `bash start.sh <env>`. State files make a sync a reconcile that survives a worker restart.
 */
export function createLocalDeployTarget(deps: LocalDeployTargetDeps): DeployTarget & { stopAll(): Promise<void> } {
  const pollMs = deps.pollMs ?? 500;
  const stopGraceMs = deps.stopGraceMs ?? 5000;
  const processes = createProcessGroups(stopGraceMs);
  const { isAlive, ownsGroup, stopGroup } = processes;
  const useProxy = deps.weightedProxy ?? true;
  /** An open preview's allocated pair wins over the fixed scheme. */
  const portOf = (ref: DeployRef, track: Track): number =>
    deps.previewPorts?.lookup(ref)?.[track] ?? deps.portOf(ref, track);
  const proxies = createServiceProxies((ref) => portOf(ref, 'stable'));
  /** Behind the proxy stable listens on a port of its own; the public stable port belongs to the proxy. */
  const trackPort = async (ref: DeployRef, track: Track): Promise<number> =>
    useProxy && track === 'stable' ? pickFreePort() : portOf(ref, track);
  /** A record from before the proxy (stable on the public port) must be restarted to free that port. */
  const onExpectedPort = (ref: DeployRef, track: Track, record: TrackRecord): boolean =>
    !useProxy || track !== 'stable' || record.port !== portOf(ref, 'stable');

  const serviceDir = (ref: DeployRef): string =>
    path.join(deps.runDir, safeSegment(ref.environment, 'environment'), safeSegment(ref.service, 'service'));
  const stateFile = (ref: DeployRef, track: Track): string => path.join(serviceDir(ref), `${track}.json`);

  const stopTrack = async (ref: DeployRef, track: Track, io?: DeployIo): Promise<TrackRecord | undefined> => {
    const record = await readRecord(stateFile(ref, track));
    if (record && ownsGroup(record)) await stopGroup(record.pid, io);
    await rm(stateFile(ref, track), { force: true });
    return record;
  };

  /** Lays out what `image` runs (an image's content, or a package fetched and unpacked) in the track's run dir. */
  const materialize = async (image: string, dir: string, io?: DeployIo): Promise<void> => {
    if (artifactKindOf(image) === 'package') {
      if (!deps.packages) throw new Error(`${image} is a package and this deploy target has no package store`);
      const signal = io?.signal ?? new AbortController().signal;
      await deps.packages.unpack(image, dir, {
        signal,
        heartbeat: () => io?.heartbeat({ phase: `unpacking ${image}`, elapsedMs: 0 }),
      });
      return;
    }
    await copyTree(path.join(imageDir(deps.imagesDir, image), IMAGE_CONTENT_DIR), dir);
  };

  const startTrack = async (
    ref: DeployRef,
    track: Track,
    image: string,
    revision: string,
    io?: DeployIo,
  ): Promise<TrackRecord> => {
    const dir = path.join(serviceDir(ref), `${track}-${parseImageRef(image).hex.slice(0, 12)}`);
    try {
      // Over an earlier run of the same artifact: its logs/stdout.log is kept and appended to.
      await materialize(image, dir, io);
    } catch (err) {
      throw new DeployError(
        `cannot deploy ${ref.service} ${track} in ${ref.environment}`,
        { message: (err as Error).message, output: '' },
        'failed',
      );
    }
    await mkdir(path.join(dir, 'logs'), { recursive: true });
    const realDir = realpathSync(dir);
    const port = await trackPort(ref, track);
    const pid = processes.start(realDir, ref.environment, {
      ...withToolchain(deps.baseEnv ?? pickHostEnv(), deps.toolchainOf?.(ref.service)),
      PORT: String(port),
      GANTRY_ENV: ref.environment,
      GANTRY_IMAGE: image,
      GANTRY_TRACK: track,
    });
    const record: TrackRecord = { pid, image, port, revision, dir: realDir, startedAt: new Date().toISOString() };
    await writeRecord(stateFile(ref, track), record);
    return record;
  };

  return {
    async sync(ref: DeployRef, revision: string, io: DeployIo): Promise<void> {
      const begin = Date.now();
      const desired = await deps.desiredState(ref, revision);
      const log = deps.logs.open(deployLogId(ref));
      const say = (line: string): void => log.write(`[deploy] ${new Date().toISOString()} ${line}\n`);
      let changed = false;
      try {
        for (const track of TRACKS) {
          if (io.signal.aborted) throw abortError(io.signal);
          const image = desired[track];
          const current = await readRecord(stateFile(ref, track));
          if (image === null) {
            if (current) {
              await stopTrack(ref, track, io);
              changed = true;
              say(`${track}: stopped ${current.image} (pid ${current.pid}) at revision ${revision}`);
            }
            continue;
          }
          if (current && current.image === image && isAlive(current) && onExpectedPort(ref, track, current)) {
            if (current.revision !== revision) await writeRecord(stateFile(ref, track), { ...current, revision });
            continue;
          }
          if (current) {
            await stopTrack(ref, track, io);
            say(`${track}: stopped ${current.image} (pid ${current.pid})`);
          }
          const record = await startTrack(ref, track, image, revision, io);
          changed = true;
          say(
            `${track}: started ${image} (pid ${record.pid}, port ${record.port}) in ${record.dir} at revision ${revision}`,
          );
          io.heartbeat({ phase: `started ${track}`, elapsedMs: Date.now() - begin });
        }
        if (useProxy) {
          const [stable, gray] = await Promise.all(TRACKS.map((t) => readRecord(stateFile(ref, t))));
          const grayWeight = desired.gray === null ? 0 : (desired.grayWeight ?? 0);
          await proxies.apply(ref, { stablePort: stable?.port ?? null, grayPort: gray?.port ?? null, grayWeight });
          say(`proxy :${portOf(ref, 'stable')}: ${100 - grayWeight}% stable, ${grayWeight}% gray`);
        }
        if (changed) deps.onTracksChanged?.();
      } finally {
        await log.close();
      }
    },

    async waitHealthy(ref: DeployRef, expected: DeploymentState, timeoutMs: number, io: DeployIo): Promise<void> {
      const begin = Date.now();
      const deadline = begin + timeoutMs;
      const healthPath = deps.healthPathOf(ref.service);
      const pending = new Map<Track, { record: TrackRecord; last: string }>();
      for (const track of TRACKS) {
        const image = expected[track];
        if (image === null) continue;
        const record = await readRecord(stateFile(ref, track));
        if (!record || record.image !== image) {
          const running = record ? `runs ${record.image}` : 'is not running';
          throw new DeployError(
            `${ref.service} ${track} in ${ref.environment} ${running}, expected ${image}`,
            { message: 'the expected image was not synced to this target', output: '' },
            'failed',
          );
        }
        pending.set(track, { record, last: 'not probed yet' });
      }

      for (;;) {
        if (io.signal.aborted) throw abortError(io.signal);
        for (const [track, state] of pending) {
          const { record } = state;
          if (!isAlive(record)) {
            const how = processes.exitOf(record.pid) ?? 'is no longer running';
            const message = `${ref.service} ${track} in ${ref.environment} (pid ${record.pid}) ${how} before becoming healthy`;
            throw new DeployError(message, { message, output: await logTail(record) }, 'failed');
          }
          const url = `http://127.0.0.1:${record.port}${healthPath}`;
          const timeout = Math.max(100, Math.min(PROBE_TIMEOUT_MS, deadline - Date.now()));
          const result = await probe(url, timeout, io.signal);
          if (result === 200) pending.delete(track);
          else state.last = typeof result === 'number' ? `GET ${healthPath} answered HTTP ${result}` : result;
        }
        if (pending.size === 0) return;
        const elapsedMs = Date.now() - begin;
        io.heartbeat({ phase: `waiting for ${[...pending.keys()].join(' and ')} to become healthy`, elapsedMs });
        if (Date.now() >= deadline) {
          const states = [...pending].map(([track, s]) => `${track}: ${s.last}`);
          const tails = await Promise.all(
            [...pending].map(
              async ([track, s]) => `--- ${track} (pid ${s.record.pid}) ---\n${await logTail(s.record)}`,
            ),
          );
          throw new DeployError(
            `${ref.service} in ${ref.environment} was not healthy within ${Math.round(timeoutMs / 1000)}s (${states.join('; ')})`,
            { message: states.join('\n'), output: tails.join('\n') },
            'timeout',
          );
        }
        // An abort ends the sleep early; the loop then rejects with the abort reason.
        await delay(Math.min(pollMs, deadline - Date.now()), undefined, { signal: io.signal }).catch(() => undefined);
      }
    },

    /** A preview gets a port pair of its own, kept until it closes (and across restarts). */
    async openEnvironment(ref: DeployRef): Promise<OpenedEnvironment> {
      if (!deps.previewPorts) return { url: `http://127.0.0.1:${portOf(ref, 'stable')}/` };
      const ports = await deps.previewPorts.allocate(ref);
      return { url: `http://127.0.0.1:${ports.stable}/` };
    },

    async closeEnvironment(ref: DeployRef, io: DeployIo): Promise<void> {
      // The teardown sync stopped it already; whatever is left (a failed sync) goes before the port is given back.
      for (const track of TRACKS) await stopTrack(ref, track, io);
      await proxies.apply(ref, null);
      await deps.previewPorts?.release(ref);
    },

    async stopAll(): Promise<void> {
      await proxies.closeAll();
      for (const file of await stateFiles(deps.runDir)) {
        const record = await readRecord(file);
        if (record && ownsGroup(record)) await stopGroup(record.pid);
        await rm(file, { force: true });
      }
      // Started but not recorded (a sync that failed half-way): still ours to stop.
      for (const pid of processes.startedPids()) await stopGroup(pid);
    },
  };
}
