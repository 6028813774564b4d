import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LanguageSpec } from '../../src/config/catalog-schema';
import { loadCatalog } from '../../src/config/load-catalog';
import { packageRepository } from '../../src/domain/artifact-kind';
import { createLocalImageBuilder } from '../../src/integrations/local/local-image-builder';
import { createLocalPackageStore } from '../../src/integrations/local/local-package-store';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import type { PackageBuildRequest } from '../../src/ports/package-store';

const exec = promisify(execFile);
const EXAMPLES = path.resolve(__dirname, '../../examples');
const io = { signal: new AbortController().signal, heartbeat: () => undefined };

let root: string;
let golang: LanguageSpec;

beforeAll(async () => {
  const catalog = await loadCatalog(path.join(EXAMPLES, 'gantry.yaml'));
  const language = catalog.languages[catalog.services['hello-go']!.language];
  if (!language) throw new Error('the example catalog has no language for hello-go');
  golang = language;
});
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'gantry-repro-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/**
 * One pipeline's workspace: a checkout of hello-go at its own path, compiled with the catalog's command, with the
 * test step's reports (their timings differ from run to run) and its own file times.
 */
async function pipelineWorkspace(dir: string, testSeconds: string, checkedOutAt: Date): Promise<string> {
  const ws = path.join(root, dir);
  await mkdir(path.dirname(ws), { recursive: true });
  await cp(path.join(EXAMPLES, 'hello-go'), ws, { recursive: true });
  await exec('bash', ['-o', 'pipefail', '-c', golang.compile], { cwd: ws });
  await mkdir(path.join(ws, 'reports'));
  await writeFile(path.join(ws, 'reports', 'junit.xml'), `<testsuites time="${testSeconds}"></testsuites>\n`);
  await writeFile(path.join(ws, 'reports', 'coverage.out'), `mode: atomic\n# ${testSeconds}\n`);
  for (const file of ['main.go', 'go.mod', 'bin/hello-go'])
    await utimes(path.join(ws, file), checkedOutAt, checkedOutAt);
  return ws;
}

const request = (ws: string, tag: string): PackageBuildRequest => ({
  executionId: `exec-${tag}`,
  service: 'hello-go',
  commit: 'abc123',
  workspace: ws,
  language: golang,
  repository: packageRepository('registry.gantry.local', 'hello-go'),
  tag,
  logId: `ci/hello-go/package/${tag}`,
});

describe('one commit built in two pipelines (dev and test)', () => {
  it('packs hello-go to the same digest from two workspaces, without the test reports', async () => {
    const dev = await pipelineWorkspace('pipelines/dev/abc123', '0.412', new Date('2026-01-05T10:00:00Z'));
    const test = await pipelineWorkspace('p/test-abc123-workspace', '0.977', new Date('2026-01-06T11:30:00Z'));
    const logs = createFileLogStore(path.join(root, 'logs'));
    const store = createLocalPackageStore({ packagesDir: path.join(root, 'packages'), logs });

    const fromDev = await store.publish(request(dev, 'dev-abc123'), io);
    const fromTest = await store.publish(request(test, 'test-abc123'), io);
    expect(fromTest.layerDigest).toBe(fromDev.layerDigest);
    expect(fromTest.digest).toBe(fromDev.digest);

    const unpacked = path.join(root, 'unpacked');
    await store.unpack(fromDev.package, unpacked, io);
    const project = await readdir(path.join(unpacked, 'project'));
    expect(project).toEqual(expect.arrayContaining(['bin', 'main.go', 'go.mod']));
    expect(project).not.toContain('reports');

    // The embedded image builder hashes the same context: one image digest too.
    const images = createLocalImageBuilder({ imagesDir: path.join(root, 'images'), logs });
    const imageFromDev = await images.build(request(dev, 'dev-abc123'), io);
    const imageFromTest = await images.build(request(test, 'test-abc123'), io);
    expect(imageFromTest.digest).toBe(imageFromDev.digest);
  }, 120_000);
});
