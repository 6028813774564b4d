import { CancellationScope } from '@temporalio/workflow';
import type { PipelinePlan } from '../activities';
import { buildActivities, withSummary } from './activity-proxies';
import type { PipelineState } from './pipeline-state';

type BuildActivities = ReturnType<typeof buildActivities>;
type Tested = Awaited<ReturnType<BuildActivities['long']['runUnitTests']>>;
type Target = Parameters<BuildActivities['long']['buildPackage']>[0];

/**
 * The build steps of a pipeline, each one stage on the build workers' queue: checkout, compile, unit tests, quality
 * gate, image (or package), scan. The workspace from checkout is shared by the steps and cleaned at the end.
 */
export class PipelineSteps {
  private readonly build: BuildActivities;
  private workspace?: string;

  constructor(
    private readonly state: PipelineState,
    private readonly plan: PipelinePlan,
  ) {
    this.build = buildActivities(state.input.buildTaskQueue);
  }

  private get step(): { service: string; workspace: string; language: PipelinePlan['language'] } {
    return { service: this.state.input.service, workspace: this.workspace!, language: this.plan.language };
  }

  async checkout(): Promise<void> {
    const { state, plan, build } = this;
    const { commit } = state.input;
    const checkout = await state.stage('checkout', `${plan.branch}@${commit.slice(0, 12)}`, () =>
      withSummary(`checkout ${plan.branch}@${commit.slice(0, 12)}`, build.quick.checkoutSource, {
        repoUrl: plan.repoUrl,
        branch: plan.branch,
        commit,
      }),
    );
    this.workspace = checkout.workspace;
  }

  async compile(): Promise<void> {
    const { state, plan, build } = this;
    const runtime = `${plan.languageName}${plan.language.version ? ` ${plan.language.version}` : ''}`;
    await state.stage('compile', `${runtime}: ${plan.language.compile}`, () =>
      withSummary(`compile ${state.input.service} (${runtime})`, build.long.compileSource, this.step),
    );
  }

  async test(): Promise<Tested> {
    const { state, plan, build } = this;
    const tested = await state.stage('test', plan.language.test, () =>
      withSummary(`unit tests ${state.input.service}`, build.long.runUnitTests, this.step),
    );
    state.tracker.finish('test', 'succeeded', `${tested.tests.passed}/${tested.tests.total} passed`);
    return tested;
  }

  async qualityGate(tested: Tested): Promise<void> {
    const { state, plan, build } = this;
    await state.stage('quality-gate', `coverage ≥ ${plan.minCoverage}`, () =>
      withSummary(`quality gate ${state.input.service}`, build.long.evaluateQualityGate, {
        service: state.input.service,
        commit: state.input.commit,
        workspace: this.step.workspace,
        tests: tested.tests,
        coverage: tested.coverage,
        minCoverage: plan.minCoverage,
        language: plan.language,
      }),
    );
  }

  /** The image, or the package where the catalog says so; returns what the release deploys. */
  async artifact(): Promise<string> {
    const { state, plan, build } = this;
    const { commit } = state.input;
    const target = { ...this.step, commit, repository: plan.repository, tag: commit.slice(0, 12) };
    // Gated on the recorded plan: plans from before packages existed have no `artifact` and replay the image step.
    const built =
      plan.artifact === 'package'
        ? await this.buildPackage(target)
        : await state.stage('image', `${target.repository}:${target.tag}`, () =>
            withSummary(`build image ${target.repository}:${target.tag}`, build.long.buildImage, target),
          );
    state.image = built.image;
    return built.image;
  }

  /** The `package` step instead of `image`: the build output packed, stored content-addressed, pinned by digest. */
  private async buildPackage(target: Target): Promise<{ image: string }> {
    const { state, build } = this;
    state.artifact = 'package';
    state.tracker.rename('image', 'package');
    const built = await state.stage('package', `${target.repository}:${target.tag}`, () =>
      withSummary(`build package ${target.repository}:${target.tag}`, build.long.buildPackage, target),
    );
    state.tracker.finish('package', 'succeeded', `${built.package} (${built.size} bytes)`);
    return { image: built.package };
  }

  async scan(image: string): Promise<void> {
    const { state, plan, build } = this;
    // Plans recorded before the scan gate existed carry no imageScan, so their replays skip it too.
    const scanPolicy = plan.imageScan;
    if (scanPolicy) {
      const policy = scanPolicy.failOn.length ? `fail on ${scanPolicy.failOn.join(', ')}` : 'report only';
      const scanned = await state.stage('scan', `trivy ${scanPolicy.scanners.join('+')}, ${policy}`, () =>
        withSummary(`scan ${state.artifact ?? 'image'} ${state.input.service}`, build.long.scanImage, {
          service: state.input.service,
          environment: state.input.environment,
          image,
          policy: scanPolicy,
        }),
      );
      state.tracker.finish('scan', 'succeeded', scanned.summary);
    } else {
      state.tracker.finish('scan', 'skipped', 'no imageScan in the catalog');
    }
  }

  /** Runs even when the pipeline is cancelled, so no workspace is left behind. */
  async cleanUp(): Promise<void> {
    const done = this.workspace;
    if (done)
      await CancellationScope.nonCancellable(() =>
        withSummary('clean workspace', this.build.quick.cleanWorkspace, { workspace: done }),
      );
  }
}
