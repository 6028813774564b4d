import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LanguageSpec } from '../../src/config/catalog-schema';
import { PACKAGE_ARTIFACT_TYPE, PACKAGE_LAYER_MEDIA_TYPE, packageRepository } from '../../src/domain/artifact-kind';
import { createLocalPackageStore } from '../../src/integrations/local/local-package-store';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import { orasBinary } from '../../src/integrations/oras/oras-binary';
import { createOrasPackageStore } from '../../src/integrations/oras/oras-package-store';
import type { PackageBuildRequest } from '../../src/ports/package-store';
import { startLocalRegistry, type LocalRegistry } from '../harness/local-registry';

const exec = promisify(execFile);
const golang: LanguageSpec = {
  buildImage: 'golang:1.26-bookworm',
  runtimeImage: 'debian:bookworm-slim',
  compile: 'go build -o bin/ .',
  test: 'go test ./...',
  testReport: 'reports/junit.xml',
  artifactPath: 'bin',
  start: 'exec ./project/{service} {env}',
  timeout: 600_000,
};
const io = { signal: new AbortController().signal, heartbeat: () => undefined };
const oras = orasBinary();

let root: string;
let registry: LocalRegistry;
const logs = () => createFileLogStore(path.join(root, 'logs'));

beforeAll(async () => {
  registry = await startLocalRegistry({ withBaseImage: true });
}, 180_000);
afterAll(async () => {
  await registry?.stop();
});
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'gantry-packages-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function workspace(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(root, 'ws-'));
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content, { mode: file.startsWith('bin/') ? 0o755 : 0o644 });
  }
  return dir;
}

const request = (ws: string, repository: string, tag = 'abc123'): PackageBuildRequest => ({
  executionId: 'exec-1',
  service: 'hello-go',
  commit: 'abc123',
  workspace: ws,
  language: golang,
  repository,
  tag,
  logId: `ci/hello-go/package/${tag}`,
});

const hex = (digest: string) => digest.slice('sha256:'.length);

describe('the embedded package store (an OCI image layout per service)', () => {
  const store = () => createLocalPackageStore({ packagesDir: path.join(root, 'packages'), logs: logs() });

  it('stores the same content once under one digest, and different content under another', async () => {
    const ws = await workspace({ 'bin/hello-go': 'ELF v1', 'main.go': 'package main\n' });
    const repo = packageRepository('registry.gantry.local', 'hello-go');
    const first = await store().publish(request(ws, repo, 'aaa'), io);
    const again = await store().publish(request(await workspace({ 'bin/hello-go': 'ELF v1' }), repo, 'bbb'), io);
    const other = await store().publish(request(await workspace({ 'bin/hello-go': 'ELF v2' }), repo, 'ccc'), io);
    expect(first.package).toBe(`registry.gantry.local/packages/hello-go@${first.digest}`);
    expect(again.digest).toBe(first.digest);
    expect(other.digest).not.toBe(first.digest);
    const blobs = path.join(root, 'packages', 'hello-go', 'blobs', 'sha256');
    const manifest = await readFile(path.join(blobs, hex(first.digest)));
    expect(`sha256:${(await exec('sha256sum', [path.join(blobs, hex(first.digest))])).stdout.slice(0, 64)}`).toBe(
      first.digest,
    );
    expect(JSON.parse(manifest.toString())).toMatchObject({
      artifactType: PACKAGE_ARTIFACT_TYPE,
      layers: [{ mediaType: PACKAGE_LAYER_MEDIA_TYPE, digest: first.layerDigest, size: first.size }],
    });
  });

  it('is a layout the real oras reads: same manifest digest, and the tag resolves to it', async () => {
    const built = await store().publish(
      request(await workspace({ 'bin/hello-go': 'ELF' }), packageRepository('r.test', 'hello-go'), 'v1'),
      io,
    );
    const layout = path.join(root, 'packages', 'hello-go');
    const { stdout } = await exec(oras, ['manifest', 'fetch', '--descriptor', '--oci-layout', `${layout}:v1`]);
    expect(JSON.parse(stdout)).toMatchObject({ digest: built.digest, artifactType: PACKAGE_ARTIFACT_TYPE });
  });

  it('unpacks a package into start.sh and project/, and refuses a digest it never stored', async () => {
    const ws = await workspace({ 'bin/hello-go': '#!/bin/sh\necho hi\n' });
    const built = await store().publish(request(ws, packageRepository('r.test', 'hello-go')), io);
    const dir = path.join(root, 'run');
    await store().unpack(built.package, dir, io);
    expect((await readdir(dir)).sort()).toEqual(['logs', 'project', 'start.sh']);
    expect(await readFile(path.join(dir, 'start.sh'), 'utf8')).toContain('exec ./project/hello-go "$1"');
    expect((await stat(path.join(dir, 'project', 'hello-go'))).mode & 0o111).toBeTruthy();
    const unknown = `r.test/packages/hello-go@sha256:${'0'.repeat(64)}`;
    await expect(store().unpack(unknown, path.join(root, 'x'), io)).rejects.toThrow(/unknown package/);
  });
});

describe('packages as OCI artifacts in the real registry, through oras', () => {
  const store = (credentials = { username: registry.username, password: registry.password }) =>
    createOrasPackageStore({ oras, logs: logs(), registry: { ...credentials, tlsVerify: false } });

  it('pushes with credentials; the pinned digest is the manifest digest the registry serves', async () => {
    const ws = await workspace({ 'bin/hello-go': 'ELF from CI' });
    const repo = packageRepository(registry.url, 'hello-go');
    const built = await store().publish(request(ws, repo, 'c0ffee'), io);
    expect(built.package).toBe(`${repo}@${built.digest}`);
    expect(await registry.manifestDigest('packages/hello-go', 'c0ffee')).toBe(built.digest);
    const res = await registry.get(
      `packages/hello-go/manifests/${built.digest}`,
      'application/vnd.oci.image.manifest.v1+json',
    );
    expect(await res.json()).toMatchObject({
      artifactType: PACKAGE_ARTIFACT_TYPE,
      layers: [{ mediaType: PACKAGE_LAYER_MEDIA_TYPE, digest: built.layerDigest }],
    });
    // Pushing the same content again (a retried activity) lands on the same digest.
    expect(
      (await store().publish(request(await workspace({ 'bin/hello-go': 'ELF from CI' }), repo, 'again'), io)).digest,
    ).toBe(built.digest);
  });

  it('pins the same package to the same digest as the embedded store', async () => {
    const files = { 'bin/hello-go': 'same bytes' };
    const pushed = await store().publish(
      request(await workspace(files), packageRepository(registry.url, 'hello-go')),
      io,
    );
    const local = await createLocalPackageStore({ packagesDir: path.join(root, 'packages'), logs: logs() }).publish(
      request(await workspace(files), packageRepository(registry.url, 'hello-go')),
      io,
    );
    expect(local.layerDigest).toBe(pushed.layerDigest);
    expect(local.digest).toBe(pushed.digest);
  });

  it('pulls by digest and unpacks what was pushed', async () => {
    const ws = await workspace({ 'bin/hello-go': 'ELF to pull' });
    const built = await store().publish(request(ws, packageRepository(registry.url, 'hello-go'), 'pull'), io);
    const dir = path.join(root, 'pulled');
    await store().unpack(built.package, dir, io);
    expect(await readFile(path.join(dir, 'project', 'hello-go'), 'utf8')).toBe('ELF to pull');
    expect(await readFile(path.join(dir, 'start.sh'), 'utf8')).toContain('./project/hello-go');
  });

  it('refuses to unpack an image as a package, and to push without the right password', async () => {
    const image = `${registry.url}/base/busybox@${await registry.manifestDigest('base/busybox', '1')}`;
    await expect(store().unpack(image, path.join(root, 'x'), io)).rejects.toThrow(/is not a Gantry package/);
    const ws = await workspace({ 'bin/hello-go': 'x' });
    await expect(
      store({ username: registry.username, password: 'wrong' }).publish(
        request(ws, packageRepository(registry.url, 'hello-go')),
        io,
      ),
    ).rejects.toThrow(/oras push exited with code 1: .*(401|unauthorized)/is);
  });
});
