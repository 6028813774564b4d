import type { StageProgress, StageState } from '../domain/progress';

const DONE: StageState[] = ['succeeded', 'skipped', 'failed', 'rolled-back'];

/** Keeps the stages of a run for the progress query: deterministic, fed with workflow time. */
export class StageTracker {
  readonly stages: StageProgress[];

  constructor(
    names: readonly string[],
    private readonly now: () => Date,
  ) {
    this.stages = names.map((name) => ({ name, state: 'pending', percent: 0 }));
  }

  private stage(name: string): StageProgress {
    let stage = this.stages.find((s) => s.name === name);
    if (!stage) {
      stage = { name, state: 'pending', percent: 0 };
      this.stages.push(stage);
    }
    return stage;
  }

  /** Renames a stage not started yet, e.g. `image` to `package` once the plan says what CI builds. */
  rename(from: string, to: string): void {
    const stage = this.stages.find((s) => s.name === from);
    if (stage) stage.name = to;
  }

  /** Marks a stage running (or waiting) with the step it is on; the first call stamps the start time. */
  enter(name: string, step: string, state: 'running' | 'waiting' = 'running', percent?: number): void {
    const stage = this.stage(name);
    stage.state = state;
    stage.step = step;
    stage.startedAt ??= this.now().toISOString();
    if (percent !== undefined) stage.percent = percent;
  }

  finish(name: string, state: 'succeeded' | 'failed' | 'skipped' | 'rolled-back', step?: string): void {
    const stage = this.stage(name);
    stage.state = state;
    if (step !== undefined) stage.step = step;
    if (state === 'succeeded' || state === 'skipped') stage.percent = 100;
    stage.endedAt = this.now().toISOString();
  }

  /** The stage in progress, or the last one touched. */
  get current(): StageProgress | undefined {
    return (
      this.stages.find((s) => s.state === 'running' || s.state === 'waiting') ??
      [...this.stages].reverse().find((s) => s.state !== 'pending')
    );
  }

  get percent(): number {
    const total = this.stages.reduce((sum, s) => sum + (DONE.includes(s.state) ? 100 : s.percent), 0);
    return Math.round(total / Math.max(1, this.stages.length));
  }
}
