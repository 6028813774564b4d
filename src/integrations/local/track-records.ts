import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Track } from '../../domain/naming';

export const TRACKS: readonly Track[] = ['stable', 'gray'];
const TAIL_LINES = 40;

/** What runs for one track, in `<runDir>/<env>/<service>/<track>.json`. */
export interface TrackRecord {
  pid: number;
  image: string;
  port: number;
  revision: string;
  dir: string;
  startedAt: string;
}

/** One running track as a Prometheus scrape target, labelled the way analysis queries select it. */
export interface TrackTarget {
  address: string;
  labels: { service: string; environment: string; track: Track; image: string };
}

/** What runs now, from the state files: the targets Prometheus should scrape in the embedded mode. */
export async function listTrackTargets(runDir: string): Promise<TrackTarget[]> {
  const targets: TrackTarget[] = [];
  for (const file of await stateFiles(runDir)) {
    const record = await readRecord(file);
    if (!record) continue;
    const [environment = '', service = ''] = path.relative(runDir, path.dirname(file)).split(path.sep);
    const track = path.basename(file, '.json') as Track;
    targets.push({ address: `127.0.0.1:${record.port}`, labels: { service, environment, track, image: record.image } });
  }
  return targets;
}

export async function readRecord(file: string): Promise<TrackRecord | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as TrackRecord;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function writeRecord(file: string, record: TrackRecord): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(record, null, 2) + '\n');
  await rename(tmp, file);
}

/** `<runDir>/<env>/<service>/<track>.json` */
export async function stateFiles(runDir: string): Promise<string[]> {
  const list = async (dir: string): Promise<string[]> => readdir(dir).catch(() => []);
  const files: string[] = [];
  for (const env of await list(runDir)) {
    for (const service of await list(path.join(runDir, env))) {
      for (const track of TRACKS) {
        const file = path.join(runDir, env, service, `${track}.json`);
        if (existsSync(file)) files.push(file);
      }
    }
  }
  return files;
}

/** The last lines of a track's output: enough to see why it failed. */
export async function logTail(record: TrackRecord): Promise<string> {
  const file = path.join(record.dir, 'logs', 'stdout.log');
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, 64 * 1024);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer.toString('utf8').trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
    } finally {
      await handle.close();
    }
  } catch {
    return `(no output: ${file} is missing)`;
  }
}
