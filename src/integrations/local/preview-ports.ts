import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Track } from '../../domain/naming';
import type { DeployRef } from '../../ports/deploy-target';

export type TrackPorts = Record<Track, number>;

export interface PreviewPortsOptions {
  /** Where the allocations are kept: they outlive a restart of Gantry, like the previews themselves. */
  file: string;
  /** The range: `slots` pairs from `first` (stable, then gray). */
  first: number;
  slots: number;
  /** The slot to try first (so a preview usually keeps the port it would have had); any free one otherwise. */
  preferredSlot?: (ref: DeployRef) => number;
}

/**
 * Port pairs for the embedded mode's preview environments, allocated per service and environment and kept in a
 * file until the preview closes: two open previews never share a pair, and a restart finds each at its port.
 */
export function createPreviewPorts(opts: PreviewPortsOptions) {
  const key = (ref: DeployRef): string => `${ref.environment}/${ref.service}`;
  const allocated = new Map<string, TrackPorts>(Object.entries(load(opts.file)));
  /** One change at a time: two previews opening together must not both take the same free pair. */
  let turn: Promise<unknown> = Promise.resolve();
  const serially = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = turn.then(fn, fn);
    turn = next.catch(() => undefined);
    return next;
  };

  const save = async (): Promise<void> => {
    await mkdir(path.dirname(opts.file), { recursive: true });
    const temp = `${opts.file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(Object.fromEntries(allocated), null, 2)}\n`);
    await rename(temp, opts.file);
  };

  const pairOf = (slot: number): TrackPorts => ({ stable: opts.first + slot * 2, gray: opts.first + slot * 2 + 1 });

  return {
    /** The pair of an open preview, if it has one. */
    lookup: (ref: DeployRef): TrackPorts | undefined => allocated.get(key(ref)),

    /** The pair of `ref`: the one it has, or a free one (not allocated, nothing else listening on it). */
    allocate: (ref: DeployRef): Promise<TrackPorts> =>
      serially(async () => {
        const have = allocated.get(key(ref));
        if (have) return have;
        const taken = new Set([...allocated.values()].map((p) => p.stable));
        const preferred = ((opts.preferredSlot?.(ref) ?? 0) % opts.slots) + opts.slots;
        for (let i = 0; i < opts.slots; i++) {
          const pair = pairOf((preferred + i) % opts.slots);
          if (taken.has(pair.stable) || !(await canListen(pair.stable)) || !(await canListen(pair.gray))) continue;
          allocated.set(key(ref), pair);
          await save();
          return pair;
        }
        throw new Error(
          `no free preview port pair for ${ref.service} ${ref.environment}: all ${opts.slots} pairs from ` +
            `:${opts.first} are taken (${allocated.size} previews open); close some merge requests`,
        );
      }),

    /** Frees the pair of a closed preview. */
    release: (ref: DeployRef): Promise<void> =>
      serially(async () => {
        if (allocated.delete(key(ref))) await save();
      }),

    /** The previews holding a pair: what a restart brings back. */
    open: (): DeployRef[] =>
      [...allocated.keys()].map((k) => {
        const [environment = '', service = ''] = k.split('/');
        return { service, environment };
      }),
  };
}

export type PreviewPorts = ReturnType<typeof createPreviewPorts>;

function load(file: string): Record<string, TrackPorts> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, TrackPorts>;
  } catch {
    return {};
  }
}

/** Whether nothing else listens on the port now (another program, or a preview's process from before a crash). */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
