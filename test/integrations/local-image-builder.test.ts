import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LanguageSpec } from '../../src/config/catalog-schema';
import { imageDir, parseImageRef, resolveTag } from '../../src/integrations/local/image-store';
import { createLocalImageBuilder } from '../../src/integrations/local/local-image-builder';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import type { ImageBuildRequest } from '../../src/ports/image-builder';

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

const java: LanguageSpec = {
  ...nodejs,
  runtimeImage: 'eclipse-temurin:17-jre',
  artifactPath: 'target/{service}.jar',
  start: 'exec java -jar project/{service}.jar {env}',
};

let root: string;
let imagesDir: string;
const logs = () => createFileLogStore(path.join(root, 'logs'));
const io = { signal: new AbortController().signal, heartbeat: () => undefined };

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'gantry-images-'));
  imagesDir = path.join(root, 'images');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function workspace(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(root, 'ws', name);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return dir;
}

const request = (ws: string, overrides: Partial<ImageBuildRequest> = {}): ImageBuildRequest => ({
  executionId: 'exec-1',
  service: 'hello-node',
  commit: 'abc123',
  workspace: ws,
  language: nodejs,
  repository: 'registry.test/hello-node',
  tag: 'abc123',
  logId: 'ci/hello-node/image',
  ...overrides,
});

const nodeFiles = {
  'dist/server.js': 'console.log("hi")\n',
  'dist/lib/app.js': 'module.exports = {}\n',
  'src/x.js': '',
};

test('an image is laid out like the convention: Dockerfile, start.sh, project/ and logs/, pinned by digest', async () => {
  const ws = await workspace('a', nodeFiles);
  const built = await createLocalImageBuilder({ imagesDir, logs: logs() }).build(request(ws), io);

  expect(built.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(built.image).toBe(`registry.test/hello-node@${built.digest}`);
  expect(built.tag).toBe('abc123');
  const dir = imageDir(imagesDir, built.image);
  expect(dir).toBe(path.join(imagesDir, 'hello-node', `sha256-${built.digest.slice(7)}`));
  expect((await readdir(dir)).sort()).toEqual(['Dockerfile', 'start_env']);
  expect((await readdir(path.join(dir, 'start_env'))).sort()).toEqual(['logs', 'project', 'start.sh']);
  expect((await readdir(path.join(dir, 'start_env/project'))).sort()).toEqual(['lib', 'server.js']);
  expect(await readFile(path.join(dir, 'start_env/project/lib/app.js'), 'utf8')).toBe('module.exports = {}\n');
  expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toContain(
    'ARG BASE_IMAGE=node:20-bookworm-slim\nFROM ${BASE_IMAGE}\nWORKDIR /home/services\nADD start_env/ /home/services/\n',
  );
  expect(await resolveTag(imagesDir, 'hello-node', 'abc123')).toBe(built.image);
  expect(await logs().read('ci/hello-node/image')).toContain('project/ <- dist');
});

test('without deploy/start.sh the start script is generated from the language start command', async () => {
  const ws = await workspace('a', nodeFiles);
  const built = await createLocalImageBuilder({ imagesDir, logs: logs() }).build(request(ws), io);

  const startSh = path.join(imageDir(imagesDir, built.image), 'start_env/start.sh');
  const script = await readFile(startSh, 'utf8');
  expect(script).toMatch(/^#!\/usr\/bin\/env bash\n/);
  expect(script).toContain('cd "$(dirname "$0")"\nexec node project/server.js "$1"\n');
  expect((await stat(startSh)).mode & 0o777).toBe(0o755);
});

test("the service's own deploy/start.sh and deploy/Dockerfile win over the generated ones", async () => {
  const ws = await workspace('a', {
    ...nodeFiles,
    'deploy/start.sh': '#!/usr/bin/env bash\nexec node project/server.js "$1" --own\n',
    'deploy/Dockerfile': 'FROM scratch\n',
  });
  const built = await createLocalImageBuilder({ imagesDir, logs: logs() }).build(request(ws), io);

  const dir = imageDir(imagesDir, built.image);
  expect(await readFile(path.join(dir, 'start_env/start.sh'), 'utf8')).toContain('--own');
  expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
});

test('the same content gives the same digest and reuses the stored image, wherever and however it was checked out', async () => {
  const first = await workspace('a', nodeFiles);
  const second = await workspace('b', nodeFiles);
  // Another umask: group-writable files must not change the digest.
  await chmod(path.join(second, 'dist/server.js'), 0o664);
  const builder = createLocalImageBuilder({ imagesDir, logs: logs() });

  const a = await builder.build(request(first), io);
  const b = await builder.build(request(second, { tag: 'def456', logId: 'second' }), io);

  expect(b.digest).toBe(a.digest);
  expect((await readdir(path.join(imagesDir, 'hello-node'))).filter((d) => d.startsWith('sha256-'))).toHaveLength(1);
  expect(await logs().read('second')).toContain('reused');
  expect(await resolveTag(imagesDir, 'hello-node', 'def456')).toBe(a.image);
  expect((await readdir(path.join(imagesDir, 'hello-node'))).some((d) => d.startsWith('.staging-'))).toBe(false);
});

test('different content, an executable bit or another runtime image give a different digest', async () => {
  const builder = createLocalImageBuilder({ imagesDir, logs: logs() });
  const base = await builder.build(request(await workspace('a', nodeFiles)), io);
  const changed = await builder.build(
    request(await workspace('b', { ...nodeFiles, 'dist/server.js': 'console.log("bye")\n' })),
    io,
  );
  const exec = await workspace('c', nodeFiles);
  await chmod(path.join(exec, 'dist/server.js'), 0o755);
  const executable = await builder.build(request(exec), io);
  const runtime = await builder.build(
    request(await workspace('d', nodeFiles), { language: { ...nodejs, runtimeImage: 'node:22' } }),
    io,
  );

  expect(new Set([base.digest, changed.digest, executable.digest, runtime.digest]).size).toBe(4);
});

test('a file artifact is placed inside project/, with {service} expanded in artifactPath and start', async () => {
  const ws = await workspace('java', { 'target/hello-java.jar': 'PK...', 'target/classes/A.class': 'x' });
  const built = await createLocalImageBuilder({ imagesDir, logs: logs() }).build(
    request(ws, { service: 'hello-java', repository: 'registry.test/hello-java', language: java }),
    io,
  );

  const content = path.join(imageDir(imagesDir, built.image), 'start_env');
  expect(await readdir(path.join(content, 'project'))).toEqual(['hello-java.jar']);
  expect(await readFile(path.join(content, 'start.sh'), 'utf8')).toContain(
    'exec java -jar project/hello-java.jar "$1"',
  );
});

test('a whole checkout as artifact leaves its .git out of the image', async () => {
  const ws = await workspace('go', { 'main.go': 'package main\n', 'bin/hello-go': 'ELF', '.git/HEAD': 'ref: x\n' });
  const built = await createLocalImageBuilder({ imagesDir, logs: logs() }).build(
    request(ws, {
      service: 'hello-go',
      repository: 'registry.test/hello-go',
      language: { ...nodejs, artifactPath: '.' },
    }),
    io,
  );

  const project = path.join(imageDir(imagesDir, built.image), 'start_env/project');
  expect((await readdir(project)).sort()).toEqual(['bin', 'main.go']);
});

test('a missing build output fails with a message that names it, and stores nothing', async () => {
  const ws = await workspace('empty', { 'src/x.js': '' });
  const build = createLocalImageBuilder({ imagesDir, logs: logs() }).build(request(ws), io);

  await expect(build).rejects.toThrow('the build output "dist" is not in the checkout');
  expect(await readdir(path.join(imagesDir, 'hello-node'))).toEqual([]);
  expect(await logs().read('ci/hello-node/image')).toContain('failed: the build output "dist"');
});

test('a cancelled build stops and leaves no half-stored image', async () => {
  const controller = new AbortController();
  controller.abort(new Error('cancelled by the workflow'));
  const ws = await workspace('a', nodeFiles);
  const build = createLocalImageBuilder({ imagesDir, logs: logs() }).build(request(ws), {
    signal: controller.signal,
    heartbeat: () => undefined,
  });

  await expect(build).rejects.toThrow('cancelled by the workflow');
  expect(await readdir(path.join(imagesDir, 'hello-node'))).toEqual([]);
});

test('imageDir refuses a reference without a digest and an image that was never built', () => {
  expect(() => imageDir(imagesDir, 'registry.test/hello-node:abc123')).toThrow('has no digest');
  expect(() => imageDir(imagesDir, `registry.test/hello-node@sha256:${'a'.repeat(64)}`)).toThrow('unknown image');
  expect(() => imageDir(imagesDir, 'registry.test/hello-node@sha256:xyz')).toThrow('invalid digest');
  expect(parseImageRef(`localhost:5000/team/hello-go:v1@sha256:${'b'.repeat(64)}`)).toEqual({
    repository: 'localhost:5000/team/hello-go',
    service: 'hello-go',
    hex: 'b'.repeat(64),
  });
  expect(existsSync(imagesDir)).toBe(false);
});
