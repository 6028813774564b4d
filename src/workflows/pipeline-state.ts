import { setCurrentDetails, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { ErrorReport, PipelineProgress } from '../domain/progress';
import type { PipelineInput } from './pipeline-messages';
import { SA } from './search-attributes';
import { StageTracker } from './stage-tracker';

const PIPELINE_STAGES = ['checkout', 'compile', 'test', 'quality-gate', 'image', 'scan', 'release'] as const;
/** `package` replaces `image` when the service's artifact is a package. */
export type PipelineStage = (typeof PIPELINE_STAGES)[number] | 'package';

/** Everything a pipeline knows, in one place, so the query, the visibility and the steps share it. */
export class PipelineState {
  readonly tracker = new StageTracker(PIPELINE_STAGES, () => new Date());
  status: PipelineProgress['status'] = 'running';
  lastError?: ErrorReport;
  image?: string;
  artifact?: 'package';
  releaseId?: string;

  constructor(readonly input: PipelineInput) {}

  progress(): PipelineProgress {
    const { input, tracker, status } = this;
    return {
      workflowId: workflowInfo().workflowId,
      service: input.service,
      environment: input.environment,
      commit: input.commit,
      status,
      stages: tracker.stages,
      percent: tracker.percent,
      currentStep: tracker.current
        ? `${tracker.current.name}: ${tracker.current.step ?? tracker.current.state}`
        : status,
      lastError: this.lastError,
      image: this.image,
      ...(this.artifact ? { artifact: this.artifact } : {}),
      releaseWorkflowId: this.releaseId,
    };
  }

  /** Current details, search attributes and memo: what the Temporal UI and its lists show. */
  publish(): void {
    const { input, status, lastError, image } = this;
    // The Temporal UI's current details; not a command, so it needs no patch.
    setCurrentDetails(
      lastError
        ? `${status}: ${lastError.message.split('\n', 1)[0] ?? ''}`
        : `${status}: ${this.progress().currentStep}`,
    );
    upsertSearchAttributes([
      { key: SA.kind, value: 'pipeline' },
      { key: SA.service, value: input.service },
      { key: SA.environment, value: input.environment },
      { key: SA.status, value: status },
      { key: SA.stage, value: this.tracker.current?.name ?? 'checkout' },
      { key: SA.triggeredBy, value: input.triggeredBy },
      ...(image ? [{ key: SA.image, value: image }] : []),
    ]);
    upsertMemo({ summary: `CI ${input.service}@${input.commit.slice(0, 12)} for ${input.environment}: ${status}` });
  }

  /** One stage: entered and published, run, then marked succeeded (a failure is marked by the workflow). */
  async stage<T>(name: PipelineStage, step: string, run: () => Promise<T>): Promise<T> {
    this.tracker.enter(name, step);
    this.publish();
    const result = await run();
    this.tracker.finish(name, 'succeeded');
    return result;
  }
}
