import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LanguageSpec } from '../../src/config/catalog-schema';
import type { DeploymentState } from '../../src/domain/deployment';
import type { Track } from '../../src/domain/naming';
import {
  createLocalDeployTarget,
  deployLogId,
  type TrackRecord,
} from '../../src/integrations/local/local-deploy-target';
import { createLocalImageBuilder } from '../../src/integrations/local/local-image-builder';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import { DeployError, type DeployIo, type DeployRef } from '../../src/ports/deploy-target';
import { freePort } from '../harness/free-port';

const exampleDir = path.join(__dirname, '../../examples/hello-node');
const nodejs: LanguageSpec = {
  buildImage: 'node:20-bookworm',
  runtimeImage: 'node:20-bookworm-slim',
  compile: 'npm run build',
  test: 'npm test',
  testReport: 'reports/junit.xml',
  artifactPath: 'dist',
  start: 'exec node project/server.js {env}',
  timeout: 600_000,
};

let root: string;
const revisions = new Map<string, DeploymentState>();
const ports = new Map<string, number>();
const images: Record<'good' | 'v2' | 'unhealthy' | 'crashing', string> = {
  good: '',
  v2: '',
  unhealthy: '',
  crashing: '',
};
let target: ReturnType<typeof createLocalDeployTarget>;
const logs = () => createFileLogStore(path.join(root, 'logs'));
const io = (): DeployIo & { beats: string[] } => {
  const beats: string[] = [];
  return { signal: new AbortController().signal, heartbeat: (d) => beats.push(d.phase), beats };
};

/** The hello-node example as its build would leave it (dist/ = src/), plus whatever a variant changes. */
async function buildImage(name: string, change: (ws: string) => Promise<void>): Promise<string> {
  const ws = path.join(root, 'ws', name);
  await cp(path.join(exampleDir, 'src'), path.join(ws, 'dist'), { recursive: true });
  await cp(path.join(exampleDir, 'deploy'), path.join(ws, 'deploy'), { recursive: true });
  await change(ws);
  const builder = createLocalImageBuilder({ imagesDir: path.join(root, 'images'), logs: logs() });
  const built = await builder.build(
    {
      executionId: name,
      service: 'hello-node',
      commit: name,
      workspace: ws,
      language: nodejs,
      repository: 'registry.test/hello-node',
      tag: name,
      logId: `image/${name}`,
    },
    { signal: new AbortController().signal, heartbeat: () => undefined },
  );
  return built.image;
}

async function deployed(ref: DeployRef, state: DeploymentState): Promise<string> {
  const revision = `rev-${revisions.size + 1}`;
  revisions.set(revision, state);
  for (const track of ['stable', 'gray'] as const) {
    const key = `${ref.environment}/${ref.service}/${track}`;
    if (!ports.has(key)) ports.set(key, await freePort());
  }
  await target.sync(ref, revision, io());
  return revision;
}

const record = async (ref: DeployRef, track: Track): Promise<TrackRecord> =>
  JSON.parse(await readFile(path.join(root, 'run', ref.environment, ref.service, `${track}.json`), 'utf8'));
const portOf = (ref: DeployRef, track: Track): number => ports.get(`${ref.environment}/${ref.service}/${track}`) ?? 0;
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const get = async (port: number, urlPath = '/') => fetch(`http://127.0.0.1:${port}${urlPath}`);

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'gantry-deploy-'));
  images.good = await buildImage('good', async () => undefined);
  images.v2 = await buildImage('v2', (ws) => writeFile(path.join(ws, 'dist/VERSION'), '2\n'));
  images.unhealthy = await buildImage('unhealthy', (ws) => writeFile(path.join(ws, 'dist/FAIL_HEALTH'), ''));
  images.crashing = await buildImage('crashing', async (ws) => {
    await mkdir(path.join(ws, 'dist'), { recursive: true });
    await writeFile(
      path.join(ws, 'dist/server.js'),
      'console.error("boom: DATABASE_URL is not set");\nprocess.exit(3);\n',
    );
  });
  target = createLocalDeployTarget({
    imagesDir: path.join(root, 'images'),
    runDir: path.join(root, 'run'),
    logs: logs(),
    desiredState: async (_ref, revision) => revisions.get(revision) ?? { stable: null, gray: null },
    portOf,
    healthPathOf: () => '/healthz',
    pollMs: 50,
    stopGraceMs: 2000,
  });
});

afterAll(async () => {
  await target?.stopAll();
  await rm(root, { recursive: true, force: true });
});

describe('the local deploy target', () => {
  const dev = { service: 'hello-node', environment: 'dev' };

  test('a sync starts stable from the image and it becomes healthy', async () => {
    await deployed(dev, { stable: images.good, gray: null });
    const wait = io();
    await target.waitHealthy(dev, { stable: images.good, gray: null }, 10_000, wait);

    const stable = await record(dev, 'stable');
    expect(alive(stable.pid)).toBe(true);
    expect(await (await get(stable.port)).json()).toEqual({ service: 'hello-node', env: 'dev', version: images.good });
    expect(await logs().read(deployLogId(dev))).toContain(`stable: started ${images.good}`);
  });

  test('syncing the same revision twice changes nothing: the process is not restarted', async () => {
    const revision = await deployed(dev, { stable: images.good, gray: null });
    const before = await record(dev, 'stable');
    await target.sync(dev, revision, io());

    expect((await record(dev, 'stable')).pid).toBe(before.pid);
    expect(alive(before.pid)).toBe(true);
  });

  test('gray runs beside stable on its own port', async () => {
    const stableBefore = await record(dev, 'stable');
    await deployed(dev, { stable: images.good, gray: images.v2 });
    await target.waitHealthy(dev, { stable: images.good, gray: images.v2 }, 10_000, io());

    const gray = await record(dev, 'gray');
    expect(gray.port).toBe(portOf(dev, 'gray'));
    expect(gray.port).not.toBe(stableBefore.port);
    expect((await record(dev, 'stable')).pid).toBe(stableBefore.pid);
    expect(((await (await get(gray.port)).json()) as { version: string }).version).toBe(images.v2);
    expect(((await (await get(stableBefore.port)).json()) as { version: string }).version).toBe(images.good);
  });

  test('the full release replaces stable and stops gray and the old stable', async () => {
    const oldStable = await record(dev, 'stable');
    const oldGray = await record(dev, 'gray');
    await deployed(dev, { stable: images.v2, gray: null });
    await target.waitHealthy(dev, { stable: images.v2, gray: null }, 10_000, io());

    const stable = await record(dev, 'stable');
    expect(stable.pid).not.toBe(oldStable.pid);
    expect(alive(oldStable.pid)).toBe(false);
    expect(alive(oldGray.pid)).toBe(false);
    expect(((await (await get(stable.port)).json()) as { version: string }).version).toBe(images.v2);
    await expect(readFile(path.join(root, 'run/dev/hello-node/gray.json'))).rejects.toThrow('ENOENT');
  });

  test('a track whose process died is started again by the next sync', async () => {
    const ref = { service: 'hello-node', environment: 'restart' };
    const revision = await deployed(ref, { stable: images.good, gray: null });
    const first = await record(ref, 'stable');
    process.kill(-first.pid, 'SIGKILL');
    while (alive(first.pid)) await new Promise((r) => setTimeout(r, 20));

    await target.sync(ref, revision, io());
    await target.waitHealthy(ref, { stable: images.good, gray: null }, 10_000, io());
    expect((await record(ref, 'stable')).pid).not.toBe(first.pid);
  });

  test('a service whose health check answers 500 times out with the status and its output as diagnosis', async () => {
    const ref = { service: 'hello-node', environment: 'broken' };
    await deployed(ref, { stable: images.unhealthy, gray: null });
    const wait = io();
    const error = await target.waitHealthy(ref, { stable: images.unhealthy, gray: null }, 1500, wait).catch((e) => e);

    expect(error).toBeInstanceOf(DeployError);
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('HTTP 500');
    expect(error.diagnosis.output).toContain('listening on');
    expect(wait.beats.length).toBeGreaterThan(1);
  });

  test('a service that exits at start fails at once with its output, without waiting for the timeout', async () => {
    const ref = { service: 'hello-node', environment: 'crash' };
    await deployed(ref, { stable: images.crashing, gray: null });
    const started = Date.now();
    const error = await target.waitHealthy(ref, { stable: images.crashing, gray: null }, 60_000, io()).catch((e) => e);

    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(DeployError);
    expect(error.kind).toBe('failed');
    expect(error.message).toContain('exited with code 3');
    expect(error.diagnosis.output).toContain('boom: DATABASE_URL is not set');
  });

  test('waiting for an image that was not synced fails instead of probing someone else', async () => {
    const error = await target.waitHealthy(dev, { stable: images.good, gray: null }, 5000, io()).catch((e) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect(error.message).toContain(`runs ${images.v2}, expected ${images.good}`);
  });

  test('a cancelled health wait rejects with the cancellation', async () => {
    const ref = { service: 'hello-node', environment: 'cancel' };
    await deployed(ref, { stable: images.unhealthy, gray: null });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('release cancelled')), 200);
    const wait = target.waitHealthy(ref, { stable: images.unhealthy, gray: null }, 60_000, {
      signal: controller.signal,
      heartbeat: () => undefined,
    });
    await expect(wait).rejects.toThrow('release cancelled');
  });

  test('the stable port is a weighted proxy: a gray weight is the share of real requests', async () => {
    const ref = { service: 'hello-node', environment: 'weighted' };
    /** Answers by `<track that answered> <its version>`. */
    const countVersions = async (n: number): Promise<Record<string, number>> => {
      const seen: Record<string, number> = {};
      for (let i = 0; i < n; i++) {
        const res = await get(portOf(ref, 'stable'));
        const { version } = (await res.json()) as { version: string };
        const key = `${res.headers.get('x-gantry-track')} ${version}`;
        seen[key] = (seen[key] ?? 0) + 1;
      }
      return seen;
    };
    await deployed(ref, { stable: images.good, gray: images.v2, grayWeight: 10 });
    await target.waitHealthy(ref, { stable: images.good, gray: images.v2 }, 10_000, io());
    expect((await record(ref, 'stable')).port).not.toBe(portOf(ref, 'stable'));
    expect(await countVersions(200)).toEqual({ [`stable ${images.good}`]: 180, [`gray ${images.v2}`]: 20 });

    const stablePid = (await record(ref, 'stable')).pid;
    await deployed(ref, { stable: images.good, gray: images.v2, grayWeight: 50 });
    expect(await countVersions(100)).toEqual({ [`stable ${images.good}`]: 50, [`gray ${images.v2}`]: 50 });
    // A new weight re-routes; it restarts nothing.
    expect((await record(ref, 'stable')).pid).toBe(stablePid);

    await deployed(ref, { stable: images.v2, gray: null });
    await target.waitHealthy(ref, { stable: images.v2, gray: null }, 10_000, io());
    expect(await countVersions(20)).toEqual({ [`stable ${images.v2}`]: 20 });
  });

  test('stopAll leaves no process running', async () => {
    const ref = { service: 'hello-node', environment: 'stop' };
    await deployed(ref, { stable: images.good, gray: images.v2 });
    const pids = [
      (await record(ref, 'stable')).pid,
      (await record(ref, 'gray')).pid,
      (await record(dev, 'stable')).pid,
    ];
    expect(pids.every(alive)).toBe(true);

    await target.stopAll();
    expect(pids.filter(alive)).toEqual([]);
  });
});
