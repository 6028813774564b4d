import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LanguageSpec } from '../config/catalog-schema';
import type { QualityGateResult, TestSummary } from '../domain/test-report';
import { ErrorType, nonRetryable } from '../errors';
import type { Executor, StepResult } from '../ports/executor';
import type { ImageBuilder, BuiltImage } from '../ports/image-builder';
import type { LogStore } from '../ports/log-store';
import type { QualityGate, QualityGateInput } from '../ports/quality-gate';
import type { CheckoutResult, SourceRepo } from '../ports/source-repo';
import { readCoverage, readTestReports } from '../integrations/reports/read-reports';
import { activityIo, currentWorkflowId, detachedAsRetry, executionId } from './activity-io';

export interface BuildDeps {
  source: SourceRepo;
  executor: Executor;
  imageBuilder: ImageBuilder;
  qualityGate: QualityGate;
  logs: LogStore;
  workspacesDir: string;
}

export interface StepInput {
  service: string;
  workspace: string;
  language: LanguageSpec;
}

export interface TestOutcome {
  tests: TestSummary;
  coverage?: number;
  logId: string;
}

const safeDirName = (id: string): string => id.replace(/[^A-Za-z0-9._-]+/g, '_');

/** The log of one step of the current workflow run; retries of the step append to it. */
const stepLogId = (step: string): string => `${currentWorkflowId()}/${step}`;

export function createBuildActivities(deps: BuildDeps) {
  async function runStep(step: string, command: string, input: StepInput): Promise<StepResult> {
    const { signal, heartbeat, detached } = activityIo();
    return deps.executor
      .run(
        {
          executionId: executionId(step),
          name: step,
          command,
          workspace: input.workspace,
          image: input.language.buildImage,
          toolchain: input.language.toolchain,
          env: { GANTRY_SERVICE: input.service },
          timeoutMs: input.language.timeout,
          logId: stepLogId(step),
        },
        { signal, heartbeat, detached },
      )
      .catch((err: unknown) => {
        throw detachedAsRetry(err);
      });
  }

  function failIfTimedOut(step: string, result: StepResult): void {
    if (result.timedOut) {
      throw nonRetryable(ErrorType.CommandTimedOut, `${step} did not finish within its time limit`, result);
    }
  }

  return {
    async checkoutSource(input: { repoUrl: string; branch: string; commit: string }): Promise<CheckoutResult> {
      const workspace = join(deps.workspacesDir, safeDirName(currentWorkflowId()));
      try {
        return await deps.source.checkout({ ...input, workspace });
      } catch (err) {
        const message = (err as Error).message;
        // A commit that is not on the branch will not appear by retrying; network trouble might.
        if (/not on|not an ancestor|unknown revision|bad object/i.test(message)) {
          throw nonRetryable(ErrorType.CheckoutFailed, message);
        }
        throw err;
      }
    },

    async compileSource(input: StepInput): Promise<{ logId: string; durationMs: number }> {
      const result = await runStep('compile', input.language.compile, input);
      failIfTimedOut('compile', result);
      if (result.exitCode !== 0) {
        throw nonRetryable(ErrorType.CompileFailed, `compile exited with code ${result.exitCode}`, result);
      }
      return { logId: result.logId, durationMs: result.durationMs };
    },

    async runUnitTests(input: StepInput): Promise<TestOutcome> {
      const result = await runStep('test', input.language.test, input);
      failIfTimedOut('unit tests', result);
      let tests: TestSummary;
      try {
        tests = await readTestReports(input.workspace, input.language.testReport);
      } catch (err) {
        const why = result.exitCode !== 0 ? `unit tests exited with code ${result.exitCode}` : (err as Error).message;
        throw nonRetryable(ErrorType.TestsFailed, why, result);
      }
      if (tests.failed > 0 || tests.errors > 0 || result.exitCode !== 0) {
        const names = tests.failures.map((f) => `${f.className ? `${f.className}.` : ''}${f.name}: ${f.message}`);
        throw nonRetryable(
          ErrorType.TestsFailed,
          `${tests.failed + tests.errors} of ${tests.total} tests failed${names.length ? `:\n${names.join('\n')}` : ''}`,
          result,
        );
      }
      const coverage = input.language.coverageReport
        ? await readCoverage(input.workspace, input.language.coverageReport)
        : undefined;
      return { tests, coverage, logId: result.logId };
    },

    async evaluateQualityGate(input: Omit<QualityGateInput, 'logId'>): Promise<QualityGateResult> {
      const { signal, heartbeat, detached, previous } = activityIo();
      const logId = stepLogId('quality-gate');
      const result = await deps.qualityGate
        .evaluate({ ...input, logId }, { signal, heartbeat, detached, previous })
        .catch((err: unknown) => {
          throw detachedAsRetry(err);
        });
      if (!result.passed) {
        const failed = result.conditions
          .filter((c) => !c.passed)
          .map(
            (c) => `${c.metric} ${c.actual} (must not be ${c.comparator === 'LT' ? 'below' : 'above'} ${c.threshold})`,
          );
        throw nonRetryable(ErrorType.QualityGateFailed, `quality gate failed: ${failed.join('; ')}`, { logId });
      }
      return result;
    },

    async buildImage(input: StepInput & { commit: string; repository: string; tag: string }): Promise<BuiltImage> {
      const { signal, heartbeat } = activityIo();
      const logId = stepLogId('image');
      try {
        return await deps.imageBuilder.build(
          { ...input, executionId: executionId('image'), logId },
          { signal, heartbeat },
        );
      } catch (err) {
        if (signal.aborted) throw err;
        throw nonRetryable(ErrorType.ImageBuildFailed, `image build failed: ${(err as Error).message}`, {
          logId,
          tail: await deps.logs.tail(logId),
        });
      }
    },

    async cleanWorkspace(input: { workspace: string }): Promise<void> {
      // Only ever inside the workspaces dir: a bad input must not delete anything else.
      if (!input.workspace.startsWith(deps.workspacesDir)) return;
      await rm(input.workspace, { recursive: true, force: true });
    },
  };
}
