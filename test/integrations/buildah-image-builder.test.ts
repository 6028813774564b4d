import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { LanguageSpec } from '../../src/config/catalog-schema';
import { createBuildahImageBuilder, type RegistryConfig } from '../../src/integrations/buildah/buildah-image-builder';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import type { ImageBuildRequest } from '../../src/ports/image-builder';
import { processAlive, run, startLocalRegistry, type LocalRegistry } from '../harness/local-registry';
import { waitFor } from '../harness/wait-for';

// Real buildah, a real registry: every build here pulls, builds in a chroot and pushes over HTTP.
jest.setTimeout(60_000);

let registry: LocalRegistry;
let root: string;
let storageRoot: string;
const timings: string[] = [];
const logs = () => createFileLogStore(path.join(root, 'logs'));

async function timed<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    timings.push(`${what}: ${Date.now() - started} ms`);
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'gantry-buildah-'));
  // Shared by the builds below, as a worker's would be: the base image is pulled once.
  storageRoot = path.join(root, 'storage');
  registry = await timed('registry start + base image build/push', () => startLocalRegistry({ withBaseImage: true }));
});

afterAll(async () => {
  await registry?.stop();
  if (root) await rm(root, { recursive: true, force: true });
  console.log(`buildah image builder timings:\n  ${timings.join('\n  ')}`);
});

const shell = (): LanguageSpec => ({
  buildImage: registry.baseImage,
  runtimeImage: registry.baseImage,
  compile: 'true',
  test: 'true',
  testReport: 'reports/junit.xml',
  artifactPath: 'out',
  start: 'exec sh project/hello.sh {env}',
  timeout: 60_000,
});

async function workspace(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(root, 'ws', name);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return dir;
}

const request = (ws: string, service: string, tag = 'abc123'): ImageBuildRequest => ({
  executionId: `exec-${service}`,
  service,
  commit: 'abc123',
  workspace: ws,
  language: shell(),
  repository: `${registry.url}/${service}`,
  tag,
  logId: `ci/${service}/image`,
});

function builder(overrides: Partial<RegistryConfig> = {}, storage = storageRoot) {
  return createBuildahImageBuilder({
    logs: logs(),
    workDir: path.join(root, 'work'),
    storageRoot: storage,
    registry: {
      url: registry.url,
      username: registry.username,
      password: registry.password,
      tlsVerify: false,
      ...overrides,
    },
    heartbeatIntervalMs: 200,
    killGraceMs: 2000,
  });
}

const io = () => ({ signal: new AbortController().signal, heartbeat: () => undefined });
const hello = { 'out/hello.sh': 'echo "hello from $1"\n', 'src/hello.sh': 'not in the image\n' };

test('builds the convention layout, pushes it, and returns the digest the registry serves for the tag', async () => {
  const ws = await workspace('hello', hello);
  let heartbeats = 0;
  const built = await timed('build + push of a small service', () =>
    builder().build(request(ws, 'hello-sh'), { ...io(), heartbeat: () => void heartbeats++ }),
  );

  expect(built.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(built.tag).toBe('abc123');
  expect(built.image).toBe(`${registry.url}/hello-sh@${built.digest}`);
  expect(await registry.manifestDigest('hello-sh', 'abc123')).toBe(built.digest);
  expect(heartbeats).toBeGreaterThan(0);

  // The pushed layers hold what the convention puts in /home/services, and nothing else of the checkout.
  const manifest = (await (await registry.get(`hello-sh/manifests/${built.digest}`)).json()) as {
    layers: { digest: string }[];
  };
  const top = manifest.layers.at(-1);
  if (!top) throw new Error('the pushed manifest has no layers');
  const layer = gunzipSync(
    Buffer.from(await (await registry.get(`hello-sh/blobs/${top.digest}`, '*/*')).arrayBuffer()),
  );
  const tar = layer.toString('latin1');
  for (const entry of ['home/services/start.sh', 'home/services/project/hello.sh', 'home/services/logs/']) {
    expect(tar).toContain(entry);
  }
  expect(tar).toContain('exec sh project/hello.sh "$1"');
  expect(tar).not.toContain('not in the image');

  const log = await logs().read('ci/hello-sh/image');
  expect(log).toContain('Dockerfile generated FROM');
  expect(log).toMatch(/STEP \d\/\d: FROM/);
  expect(log).toContain(`pushed ${registry.url}/hello-sh:abc123 -> ${built.image}`);

  // A retried activity rebuilds and pushes again: the tag moves to what it pushed, and that is what it returns.
  const again = await timed('rebuild + push (base cached)', () => builder().build(request(ws, 'hello-sh'), io()));
  expect(await registry.manifestDigest('hello-sh', 'abc123')).toBe(again.digest);
});

test('retries racing their original: each returns a digest it pushed, the tag names one of them', async () => {
  const ws = await workspace('race', hello);
  const all = await timed('three concurrent builds of one commit', () =>
    Promise.all([1, 2, 3].map(() => builder().build(request(ws, 'race-sh'), io()))),
  );
  for (const built of all) {
    expect((await registry.get(`race-sh/manifests/${built.digest}`)).status).toBe(200);
  }
  expect(all.map((b) => b.digest)).toContain(await registry.manifestDigest('race-sh', 'abc123'));
});

test('a failing Dockerfile fails the build with the end of the build output', async () => {
  const ws = await workspace('broken', {
    ...hello,
    'deploy/Dockerfile': 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN echo compiling-marker-42 && exit 3\n',
  });
  const failed = timed('failing build', () => builder().build(request(ws, 'broken-sh'), io()));
  await expect(failed).rejects.toThrow(/buildah build failed \(exit \d+\)/);
  await expect(failed).rejects.toThrow(/compiling-marker-42/);
  expect(await registry.manifestDigest('broken-sh', 'abc123')).toBeUndefined();
  expect(await logs().read('ci/broken-sh/image')).toContain('Dockerfile <- deploy/Dockerfile');
});

test.each([
  ['pulling the base', 'fresh', 'creds-pull'],
  ['pushing', 'shared', 'creds-push'],
])('wrong registry credentials fail clearly when %s and push nothing', async (_when, storage, service) => {
  const ws = await workspace(service, hello);
  // A fresh storage root has no base image yet, so the build must pull it with the wrong credentials.
  const own = storage === 'fresh' ? path.join(root, `storage-${service}`) : undefined;
  const failed = timed(`build with wrong credentials (${storage} storage)`, () =>
    builder({ password: 'not-the-password' }, own).build(request(ws, service), io()),
  );
  await expect(failed).rejects.toThrow(
    /buildah (build|push) failed .*: the registry 127\.0\.0\.1:\d+ rejected the credentials/,
  );
  await expect(failed).rejects.toThrow(storage === 'fresh' ? /buildah build failed/ : /buildah push failed/);
  expect(await registry.manifestDigest(service, 'abc123')).toBeUndefined();
});

test('a repository outside the configured registry is refused before building', async () => {
  const ws = await workspace('elsewhere', hello);
  const req = { ...request(ws, 'elsewhere'), repository: 'registry.example.com/elsewhere' };
  await expect(builder().build(req, io())).rejects.toThrow(/not in the registry 127\.0\.0\.1:\d+/);
});

test('aborting a build kills buildah and the RUN step it started', async () => {
  const marker = `sleep ${31_000 + Math.floor(Math.random() * 1000)}`;
  const ws = await workspace('slow', {
    ...hello,
    'deploy/Dockerfile': `ARG BASE_IMAGE\nFROM \${BASE_IMAGE}\nRUN ${marker}\n`,
  });
  const controller = new AbortController();
  const building = builder().build(request(ws, 'slow-sh'), { signal: controller.signal, heartbeat: () => undefined });
  building.catch(() => undefined); // observed below; avoids an unhandled rejection while we wait
  await waitFor(`the RUN step "${marker}" running`, async () => ((await processAlive(marker)) ? true : undefined));

  const aborted = Date.now();
  controller.abort(new Error('release cancelled'));
  await expect(building).rejects.toThrow('release cancelled');
  timings.push(`abort -> build rejected: ${Date.now() - aborted} ms`);
  // Killed processes take a moment to go (the group gets SIGKILL as buildah exits): allow a short while.
  const gone = async () => ((await processAlive(marker)) || (await processAlive(storageRoot)) ? undefined : true);
  await waitFor('the RUN step and buildah gone after the abort', gone, 5000);
  expect(await registry.manifestDigest('slow-sh', 'abc123')).toBeUndefined();
  expect(await logs().read('ci/slow-sh/image')).toContain('cancelled: stopping buildah build');
});

test('the shared storage keeps only the base image: no pushed images, no containers of failed builds', async () => {
  const buildah = ['--storage-driver', 'vfs', '--root', storageRoot, '--runroot', `${storageRoot}.run`];
  const images = await run('buildah', [...buildah, 'images', '--format', '{{.Name}}:{{.Tag}}']);
  expect(images.trim().split('\n')).toEqual([registry.baseImage]);
  expect((await run('buildah', [...buildah, 'containers', '--all', '--quiet'])).trim()).toBe('');
});
