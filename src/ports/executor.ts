/** One build step (compile, test, scan…) run in an isolated workspace: a host process or a pod. */
export interface StepSpec {
  /** Stable id of this execution (e.g. workflow id + step): a retry with the same id re-attaches where it can. */
  executionId: string;
  name: string;
  command: string;
  /** Directory holding the checked-out source; the command runs there. */
  workspace: string;
  /** Container image for executors that run in containers; ignored by the local executor. */
  image: string;
  /**
   * The language version's toolchain on this machine (e.g. JDK 25's bin/ first on PATH, JAVA_HOME): used by the
   * local executor, ignored by container executors, whose image is the toolchain.
   */
  toolchain?: { path: string[]; env: Record<string, string> };
  env: Record<string, string>;
  timeoutMs: number;
  logId: string;
}

export interface StepResult {
  exitCode: number;
  durationMs: number;
  timedOut: boolean;
  /** Last lines of the output. */
  tail: string;
  logId: string;
}

export interface StepIo {
  /** Aborted when the activity is cancelled: the executor must kill the process/pod. */
  signal: AbortSignal;
  /** Called periodically while the step runs (the activity heartbeats from here). */
  heartbeat: (details: { step: string; elapsedMs: number }) => void;
  /**
   * True when the abort only means "stop waiting" (the worker is shutting down): executors that can re-attach
   * (a pod named after the execution id) leave the work running for the retry. Host processes die with the worker.
   */
  detached?: () => boolean;
}

export interface Executor {
  run(step: StepSpec, io: StepIo): Promise<StepResult>;
}
