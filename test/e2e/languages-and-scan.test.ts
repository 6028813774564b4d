import { readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { GantryClient } from '../../src/client/gantry-client';
import type { Catalog } from '../../src/config/catalog-schema';
import { pipelineWorkflowId, releaseWorkflowId } from '../../src/domain/naming';
import { ErrorType } from '../../src/errors';
import type { TrackRecord } from '../../src/integrations/local/local-deploy-target';
import type { WorkerDependencies } from '../../src/workers/worker-dependencies';
import type { hostPortOf } from '../../src/workers/service-host-ports';
import { startEmbeddedE2E, type EmbeddedE2E } from '../harness/embedded-e2e';
import { commitFiles } from '../harness/git-fixtures';

// Shaped like an AWS access key id (not AWS's documented example key, which scanners deliberately ignore).
const PLANTED = 'AWS_ACCESS_KEY_ID=AKIAZ7QLWB2YH5DMXK3P\n';

/**
 * The example catalog on the embedded mode, for real: PHP built and tested with PHPUnit/pcov and served by
 * `php -S`; hello-java (Java 17) and hello-java-25 each built and run on their own JDK; and the image scan gate
 * running the real trivy, offline, on the built images.
 */
describe('languages, versions and the image scan gate (end to end, embedded)', () => {
  let env: TestWorkflowEnvironment;
  let embedded: EmbeddedE2E | undefined;
  let deps: WorkerDependencies;
  let gantry: GantryClient;
  let catalog: Catalog;
  let dataDir: string;
  let portOf: ReturnType<typeof hostPortOf>;

  const repo = (service: string) => join(dataDir, 'repos', `${service}.git`);
  const runPipeline = async (service: string, environment: string, commit: string) => {
    await gantry.startPipeline({ service, environment, commit, triggeredBy: 'alice' });
    return env.client.workflow.getHandle(pipelineWorkflowId(service, environment, commit)).result();
  };
  const failureOf = async (service: string, environment: string, commit: string) => {
    const failure = await runPipeline(service, environment, commit).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    return (failure as WorkflowFailedError).cause as Error & { type?: string };
  };
  const deployed = async (service: string, environment: string) => {
    await env.client.workflow.getHandle(releaseWorkflowId(service, environment)).result();
    const port = portOf({ service, environment }, 'stable');
    const body = (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as Record<string, string>;
    const record = JSON.parse(
      await readFile(join(dataDir, 'run', environment, service, 'stable.json'), 'utf8'),
    ) as TrackRecord;
    // start.sh execs the runtime, so the recorded pid is the interpreter/JVM itself.
    return { body, exe: readlinkSync(`/proc/${record.pid}/exe`) };
  };

  beforeAll(async () => {
    embedded = await startEmbeddedE2E('lang');
    ({ env, gantry, catalog, dataDir, portOf, deps } = embedded);
  });

  afterAll(() => embedded?.stop());

  it('builds hello-php with PHPUnit and pcov, gates it on coverage, scans it and serves it with php -S', async () => {
    const commit = await commitFiles(repo('hello-php'), 'dev', {}, 'ci: build hello-php');
    const built = await runPipeline('hello-php', 'dev', commit);
    expect(built.tests).toEqual({ total: 5, failed: 0, skipped: 0 });
    expect(built.coverage).toBeGreaterThan(0.8); // from the Clover report
    const progress = await gantry.pipelineProgress('hello-php', 'dev', commit);
    expect(progress.stages.find((s) => s.name === 'compile')?.step).toMatch(/^php8\.2 8\.2: .*php -l/);
    expect(progress.stages.find((s) => s.name === 'scan')).toMatchObject({ state: 'succeeded' });
    const { body, exe } = await deployed('hello-php', 'dev');
    expect(body).toEqual({ service: 'hello-php', env: 'dev', version: built.image, php: '8.2' });
    expect(exe).toMatch(/php8\.2$/);
  }, 240_000);

  it('builds and runs hello-java on Java 17 and hello-java-25 on Java 25, each with its own toolchain', async () => {
    const commits = await Promise.all(
      ['hello-java', 'hello-java-25'].map((s) => commitFiles(repo(s), 'dev', {}, `ci: build ${s}`)),
    );
    const [java17, java25] = await Promise.all([
      runPipeline('hello-java', 'dev', commits[0]!),
      runPipeline('hello-java-25', 'dev', commits[1]!),
    ]);
    expect(java17.tests.failed).toBe(0);
    expect(java25.tests.failed).toBe(0);
    const progress = await gantry.pipelineProgress('hello-java-25', 'dev', commits[1]!);
    expect(progress.stages.find((s) => s.name === 'compile')?.step).toMatch(/^java25 25: mvn/);

    const on17 = await deployed('hello-java', 'dev');
    const on25 = await deployed('hello-java-25', 'dev');
    expect(on17.exe).toContain(catalog.languages.java17!.toolchain!.env.JAVA_HOME);
    expect(on25.exe).toContain(catalog.languages.java25!.toolchain!.env.JAVA_HOME);
    // Compiled with --release 25 (javac 17 refuses that) and answering from a Java 25 runtime.
    expect(on25.body).toMatchObject({ service: 'hello-java-25', java: '25', version: java25.image });
    expect(on17.body).toMatchObject({ service: 'hello-java', version: java17.image });
  }, 480_000);

  it('stops the pipeline at the scan gate on a planted secret, naming it, and deploys nothing', async () => {
    const commit = await commitFiles(repo('hello-php'), 'test', { 'config/app.env': PLANTED }, 'feat: oops, a key');
    const cause = await failureOf('hello-php', 'test', commit);
    expect(cause.type).toBe(ErrorType.ImageScanFailed);
    expect(cause.message).toMatch(/CRITICAL secret aws-access-key-id at .*project\/config\/app\.env:1/);
    const progress = await gantry.pipelineProgress('hello-php', 'test', commit);
    expect(progress.stages.map((s) => [s.name, s.state])).toEqual([
      ['checkout', 'succeeded'],
      ['compile', 'succeeded'],
      ['test', 'succeeded'],
      ['quality-gate', 'succeeded'],
      ['image', 'succeeded'],
      ['scan', 'failed'],
      ['release', 'pending'],
    ]);
    expect(progress.lastError).toMatchObject({ type: ErrorType.ImageScanFailed });
    expect(await deps.logs.read(progress.lastError!.logId!)).toContain('BLOCKING CRITICAL secret aws-access-key-id');
    const release = env.client.workflow.getHandle(releaseWorkflowId('hello-php', 'test'));
    await expect(release.describe()).rejects.toThrow(/not found/i);

    // dev only reports: the same secret passes there, listed in the scan stage.
    const devCommit = await commitFiles(repo('hello-php'), 'dev', { 'config/app.env': PLANTED }, 'feat: a key');
    await runPipeline('hello-php', 'dev', devCommit);
    const dev = await gantry.pipelineProgress('hello-php', 'dev', devCommit);
    expect(dev.stages.find((s) => s.name === 'scan')?.step).toMatch(/1 finding\(s\), report only/);
  }, 240_000);

  it('lets an allow-listed finding through until its entry expires', async () => {
    const allow = (until: string) => {
      catalog.imageScan!.allow = [
        { id: 'aws-access-key-id', services: ['hello-php'], until, reason: 'test key, rotated in SEC-42' },
      ];
    };
    const files = { 'config/app.env': PLANTED };
    allow('2099-12-31');
    const accepted = await commitFiles(repo('hello-php'), 'pre', files, 'feat: accepted key');
    await runPipeline('hello-php', 'pre', accepted);
    const progress = await gantry.pipelineProgress('hello-php', 'pre', accepted);
    expect(progress.stages.find((s) => s.name === 'scan')).toMatchObject({
      state: 'succeeded',
      step: expect.stringMatching(/1 finding\(s\), 1 accepted/) as unknown,
    });

    allow('2020-01-31');
    const lapsed = await commitFiles(repo('hello-php'), 'pre', { 'config/other.txt': 'x\n' }, 'chore: later');
    const cause = await failureOf('hello-php', 'pre', lapsed);
    expect(cause.type).toBe(ErrorType.ImageScanFailed);
    expect(cause.message).toContain('aws-access-key-id');
    expect(cause.message).toContain('allow-list entry expired 2020-01-31');
  }, 240_000);
});
