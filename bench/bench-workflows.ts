// Workflow code for the benchmark bundle: Gantry's real workflows plus the bare baseline. Runs in the workflow
// sandbox, so it imports only workflow-safe modules.
import { long, notify, quick } from '../src/workflows/activity-proxies';

export * from '../src/workflows';

/** Which of the release workflow's activity proxies (and so which activity options) a step uses. */
export type BenchStep = 'quick' | 'long' | 'notify';

interface NoopActivities {
  benchNoop(step: number): Promise<void>;
}

// The very proxies the release workflow uses: a proxy schedules any activity name with its options, so each bare
// step gets exactly the timeouts and retry policy of the release step it stands in for.
const proxies = { quick, long, notify } as unknown as Record<BenchStep, NoopActivities>;

/** The baseline: the same number of sequential activities as one release, each a no-op, and nothing else. */
export async function bareWorkflow(steps: BenchStep[]): Promise<number> {
  for (const [i, step] of steps.entries()) await proxies[step].benchNoop(i);
  return steps.length;
}
