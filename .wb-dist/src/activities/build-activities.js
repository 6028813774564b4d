"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createBuildActivities = createBuildActivities;
const promises_1 = require("node:fs/promises");
const node_path_1 = require("node:path");
const errors_1 = require("../errors");
const read_reports_1 = require("../integrations/reports/read-reports");
const activity_io_1 = require("./activity-io");
const safeDirName = (id) => id.replace(/[^A-Za-z0-9._-]+/g, '_');
/** The log of one step of the current workflow run; retries of the step append to it. */
const stepLogId = (step) => `${(0, activity_io_1.currentWorkflowId)()}/${step}`;
function createBuildActivities(deps) {
    async function runStep(step, command, input) {
        const { signal, heartbeat, detached } = (0, activity_io_1.activityIo)();
        return deps.executor
            .run({
            executionId: (0, activity_io_1.executionId)(step),
            name: step,
            command,
            workspace: input.workspace,
            image: input.language.buildImage,
            toolchain: input.language.toolchain,
            env: { GANTRY_SERVICE: input.service },
            timeoutMs: input.language.timeout,
            logId: stepLogId(step),
        }, { signal, heartbeat, detached })
            .catch((err) => {
            throw (0, activity_io_1.detachedAsRetry)(err);
        });
    }
    function failIfTimedOut(step, result) {
        if (result.timedOut) {
            throw (0, errors_1.nonRetryable)(errors_1.ErrorType.CommandTimedOut, `${step} did not finish within its time limit`, result);
        }
    }
    return {
        async checkoutSource(input) {
            const workspace = (0, node_path_1.join)(deps.workspacesDir, safeDirName((0, activity_io_1.currentWorkflowId)()));
            try {
                return await deps.source.checkout({ ...input, workspace });
            }
            catch (err) {
                const message = err.message;
                // A commit that is not on the branch will not appear by retrying; network trouble might.
                if (/not on|not an ancestor|unknown revision|bad object/i.test(message)) {
                    throw (0, errors_1.nonRetryable)(errors_1.ErrorType.CheckoutFailed, message);
                }
                throw err;
            }
        },
        async compileSource(input) {
            const result = await runStep('compile', input.language.compile, input);
            failIfTimedOut('compile', result);
            if (result.exitCode !== 0) {
                throw (0, errors_1.nonRetryable)(errors_1.ErrorType.CompileFailed, `compile exited with code ${result.exitCode}`, result);
            }
            return { logId: result.logId, durationMs: result.durationMs };
        },
        async runUnitTests(input) {
            const result = await runStep('test', input.language.test, input);
            failIfTimedOut('unit tests', result);
            let tests;
            try {
                tests = await (0, read_reports_1.readTestReports)(input.workspace, input.language.testReport);
            }
            catch (err) {
                const why = result.exitCode !== 0 ? `unit tests exited with code ${result.exitCode}` : err.message;
                throw (0, errors_1.nonRetryable)(errors_1.ErrorType.TestsFailed, why, result);
            }
            if (tests.failed > 0 || tests.errors > 0 || result.exitCode !== 0) {
                const names = tests.failures.map((f) => `${f.className ? `${f.className}.` : ''}${f.name}: ${f.message}`);
                throw (0, errors_1.nonRetryable)(errors_1.ErrorType.TestsFailed, `${tests.failed + tests.errors} of ${tests.total} tests failed${names.length ? `:\n${names.join('\n')}` : ''}`, result);
            }
            const coverage = input.language.coverageReport
                ? await (0, read_reports_1.readCoverage)(input.workspace, input.language.coverageReport)
                : undefined;
            return { tests, coverage, logId: result.logId };
        },
        async evaluateQualityGate(input) {
            const { signal, heartbeat, detached, previous } = (0, activity_io_1.activityIo)();
            const logId = stepLogId('quality-gate');
            const result = await deps.qualityGate
                .evaluate({ ...input, logId }, { signal, heartbeat, detached, previous })
                .catch((err) => {
                throw (0, activity_io_1.detachedAsRetry)(err);
            });
            if (!result.passed) {
                const failed = result.conditions
                    .filter((c) => !c.passed)
                    .map((c) => `${c.metric} ${c.actual} (must not be ${c.comparator === 'LT' ? 'below' : 'above'} ${c.threshold})`);
                throw (0, errors_1.nonRetryable)(errors_1.ErrorType.QualityGateFailed, `quality gate failed: ${failed.join('; ')}`, { logId });
            }
            return result;
        },
        async buildImage(input) {
            const { signal, heartbeat } = (0, activity_io_1.activityIo)();
            const logId = stepLogId('image');
            try {
                return await deps.imageBuilder.build({ ...input, executionId: (0, activity_io_1.executionId)('image'), logId }, { signal, heartbeat });
            }
            catch (err) {
                if (signal.aborted)
                    throw err;
                throw (0, errors_1.nonRetryable)(errors_1.ErrorType.ImageBuildFailed, `image build failed: ${err.message}`, {
                    logId,
                    tail: await deps.logs.tail(logId),
                });
            }
        },
        async cleanWorkspace(input) {
            // Only ever inside the workspaces dir: a bad input must not delete anything else.
            if (!input.workspace.startsWith(deps.workspacesDir))
                return;
            await (0, promises_1.rm)(input.workspace, { recursive: true, force: true });
        },
    };
}
//# sourceMappingURL=build-activities.js.map