import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { parse } from 'yaml';
import type { GantryClient } from '../../src/client/gantry-client';
import type { Settings } from '../../src/config/settings';
import { pipelineWorkflowId, releaseWorkflowId } from '../../src/domain/naming';
import { ErrorType } from '../../src/errors';
import type { TrackRecord } from '../../src/integrations/local/local-deploy-target';
import { renderProgress } from '../../src/cli/render-progress';
import type { hostPortOf } from '../../src/workers/service-host-ports';
import { startEmbeddedE2E, type EmbeddedE2E } from '../harness/embedded-e2e';
import { commitFiles, readFileAt } from '../harness/git-fixtures';

const PACKAGE_REF = /^registry\.gantry\.local\/packages\/hello-go@sha256:([0-9a-f]{64})$/;

/**
 * hello-go is `artifact: package` in the example catalog: CI packs the Go binary and its start.sh as a tar.gz,
 * stores it content-addressed in the embedded OCI layout, and the release pins it by digest; the local target
 * unpacks it and runs start.sh; the GitOps file says it is a package. All real: git, go, trivy, processes.
 */
describe('package artifacts instead of images (end to end, embedded)', () => {
  let env: TestWorkflowEnvironment;
  let embedded: EmbeddedE2E | undefined;
  let gantry: GantryClient;
  let settings: Settings;
  let dataDir: string;
  let portOf: ReturnType<typeof hostPortOf>;

  const repo = () => join(dataDir, 'repos', 'hello-go.git');
  const runPipeline = async (environment: string, commit: string) => {
    await gantry.startPipeline({ service: 'hello-go', environment, commit, triggeredBy: 'alice' });
    return env.client.workflow.getHandle(pipelineWorkflowId('hello-go', environment, commit)).result();
  };

  beforeAll(async () => {
    embedded = await startEmbeddedE2E('package');
    ({ env, gantry, settings, dataDir, portOf } = embedded);
    expect(embedded.catalog.services['hello-go']?.artifact).toBe('package');
  });

  afterAll(() => embedded?.stop());

  it('builds a package, stores it by digest, releases that digest and runs it from the unpacked package', async () => {
    const commit = await commitFiles(repo(), 'dev', {}, 'ci: package hello-go');
    const built = await runPipeline('dev', commit);
    expect(built.artifact).toBe('package');
    const hex = PACKAGE_REF.exec(built.image)?.[1];
    expect(hex).toBeDefined();

    // The package step replaced the image step, showed the digest, and the scan gate ran on the unpacked tree.
    const progress = await gantry.pipelineProgress('hello-go', 'dev', commit);
    expect(progress.stages.map((s) => s.name)).toEqual([
      'checkout',
      'compile',
      'test',
      'quality-gate',
      'package',
      'scan',
      'release',
    ]);
    expect(progress.stages.find((s) => s.name === 'package')).toMatchObject({
      state: 'succeeded',
      step: expect.stringContaining(`@sha256:${hex}`) as unknown,
    });
    expect(progress.stages.find((s) => s.name === 'scan')?.state).toBe('succeeded');
    expect(progress.artifact).toBe('package');
    expect(renderProgress(progress)).toContain(`  package ${built.image}`);

    // Content-addressed: the manifest blob is stored under its own sha256, and names the tar.gz layer.
    const layout = join(dataDir, 'packages', 'hello-go');
    const manifest = await readFile(join(layout, 'blobs', 'sha256', hex!));
    expect(createHash('sha256').update(manifest).digest('hex')).toBe(hex);
    expect(JSON.parse(manifest.toString())).toMatchObject({ artifactType: 'application/vnd.gantry.package.v1+tar' });

    // The release pinned the same digest; the target unpacked it and start.sh runs the binary from it.
    await env.client.workflow.getHandle(releaseWorkflowId('hello-go', 'dev')).result();
    const port = portOf({ service: 'hello-go', environment: 'dev' }, 'stable');
    const body = (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as Record<string, string>;
    expect(body).toEqual({ service: 'hello-go', env: 'dev', version: built.image });
    const record = JSON.parse(
      await readFile(join(dataDir, 'run', 'dev', 'hello-go', 'stable.json'), 'utf8'),
    ) as TrackRecord;
    expect(record.image).toBe(built.image);
    expect(record.dir).toContain(`stable-${hex!.slice(0, 12)}`);
    expect((await readdir(record.dir)).sort()).toEqual(expect.arrayContaining(['logs', 'project', 'start.sh']));
    expect(
      await readFile(join(record.dir, 'project', 'bin', 'hello-go')).then((b) => b.subarray(1, 4).toString()),
    ).toBe('ELF');

    // The GitOps file records the artifact kind beside the pinned reference.
    const values = parse(
      await readFileAt(settings.gitOpsRemote.replace(/^file:\/\//, ''), 'main', 'environments/dev/hello-go.yaml'),
    ) as { stable: { image: string; artifact: string } };
    expect(values.stable).toEqual({ image: built.image, artifact: 'package' });
  }, 360_000);

  it('scans the unpacked package: a planted secret stops the pipeline before any release', async () => {
    const commit = await commitFiles(
      repo(),
      'pre',
      { 'deploy.env': 'AWS_ACCESS_KEY_ID=AKIAZ7QLWB2YH5DMXK3P\n' },
      'feat: oops, a key in the package',
    );
    const failure = await runPipeline('pre', commit).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as Error & { type?: string };
    expect(cause.type).toBe(ErrorType.ImageScanFailed);
    expect(cause.message).toMatch(/CRITICAL secret aws-access-key-id at .*project\/deploy\.env:1/);
    const progress = await gantry.pipelineProgress('hello-go', 'pre', commit);
    expect(progress.stages.find((s) => s.name === 'package')?.state).toBe('succeeded');
    expect(progress.stages.find((s) => s.name === 'scan')?.state).toBe('failed');
  }, 240_000);
});
