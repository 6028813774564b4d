"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.GraySteps = exports.checkInterval = void 0;
exports.formatDuration = formatDuration;
const workflow_1 = require("@temporalio/workflow");
const errors_1 = require("../errors");
const activity_proxies_1 = require("./activity-proxies");
// Evaluating a check is one Prometheus query: short, retried only for a lost worker (it never throws for a check
// it cannot evaluate, it calls it inconclusive).
const analysis = (0, workflow_1.proxyActivities)({
    startToCloseTimeout: '1 minute',
    retry: {
        initialInterval: '1s',
        maximumInterval: '10s',
        maximumAttempts: 3,
        nonRetryableErrorTypes: errors_1.NON_RETRYABLE_TYPES,
    },
});
/** Checks run every 30 s during a bake, or four times in a shorter one (at most every 5 s), and once at its end. */
const checkInterval = (bakeMs) => Math.max(5_000, Math.min(30_000, Math.round(bakeMs / 4)));
exports.checkInterval = checkInterval;
/**
 * Weighted gray (issue 12): each step commits its weight (its own Gantry-Change trailer), syncs, waits healthy,
 * then bakes while its metric checks run. A failed check rolls back at once; at the end of the bake the checks
 * decide: pass → next step, fail → roll back, inconclusive → the policy (fail, or pause for a person). A promote
 * at any step skips the rest; a rollback or abort at any step hands over to the compensations.
 */
class GraySteps {
    release;
    moves;
    constructor(release, moves) {
        this.release = release;
        this.moves = moves;
    }
    async run() {
        const { state, publish, announce } = this.release;
        const steps = state.knownPlan.gray.steps;
        for (const [index, step] of steps.entries()) {
            if (state.promoted)
                break;
            state.grayStep = { index, of: steps.length, weight: step.weight };
            publish('deploying-gray');
            await this.moves.apply(stepName(step), { grayWeight: step.weight }, 'gray');
            if ((await this.bake(step)) === 'promoted')
                break;
            if (step.checks.length)
                await announce('stage-changed');
        }
        const passed = steps.filter((s) => this.verdictOf(s) === 'pass').map((s) => `${s.weight}%`);
        const skipped = state.promoted ? `; promoted by ${state.promoted.by}, later steps skipped` : '';
        state.grayStep = undefined;
        state.wakeAt = undefined;
        state.tracker.finish('gray', 'succeeded', `gray steps passed: ${passed.join(' → ') || 'none'}${skipped}`);
    }
    /** The step's bake, with its checks; 'promoted' when a person promoted meanwhile (the rest is skipped). */
    async bake(step) {
        const { state, publish } = this.release;
        const until = Date.now() + step.bake;
        state.grayStep = { ...state.grayStep, bakeUntil: new Date(until).toISOString() };
        state.wakeAt = new Date(until);
        const every = step.checks.length ? (0, exports.checkInterval)(step.bake) : step.bake;
        for (let left = until - Date.now(); left > 0; left = until - Date.now()) {
            state.tracker.enter('gray', this.stepText(step, left), 'waiting', percentOf(state.grayStep));
            publish('baking');
            if (await (0, workflow_1.condition)(() => this.moves.decided(), Math.min(every, left))) {
                this.moves.throwIfInterrupted();
                return 'promoted';
            }
            if (step.checks.length === 0 || until - Date.now() <= 0)
                continue;
            // During the bake only a failed check decides (early); no data yet is normal this early.
            const verdict = await this.analyze(step, false);
            if (verdict.results.some((r) => r.outcome === 'fail'))
                throw analysisFailed(step, verdict);
        }
        state.wakeAt = undefined;
        if (step.checks.length === 0)
            return 'passed';
        const verdict = await this.analyze(step, true);
        if (verdict.verdict === 'pass')
            return 'passed';
        if (verdict.verdict === 'fail')
            throw analysisFailed(step, verdict);
        return this.pause(step, verdict);
    }
    /** Inconclusive under the pause policy: a person decides (promote → full, rollback → compensations). */
    async pause(step, verdict) {
        const { state, publish, announce } = this.release;
        const plan = state.knownPlan;
        const why = verdict.summary.split('\n', 1)[0] ?? '';
        state.tracker.enter('gray', `gray ${step.weight}%: analysis inconclusive, paused for a person: ${why}`, 'waiting');
        state.tracker.enter('promotion', `waiting for promote or rollback by ${plan.approvers.join(', ')}`, 'waiting');
        publish('waiting-for-promotion');
        await announce('waiting-for-promotion', plan.owners);
        await (0, workflow_1.condition)(() => this.moves.decided());
        this.moves.throwIfInterrupted();
        return 'promoted';
    }
    async analyze(step, final) {
        const { state, publish } = this.release;
        const { service, environment } = state.ref;
        const verdict = await (0, activity_proxies_1.withSummary)(`analyze gray ${step.weight}% ${service} ${environment}`, analysis.analyzeGrayStep, {
            service,
            environment,
            step: stepName(step),
            checks: step.checks,
            inconclusive: state.knownPlan.gray.analysis.inconclusive,
        });
        const entry = {
            step: stepName(step),
            weight: step.weight,
            verdict: final ? verdict.verdict : verdict.results.some((r) => r.outcome === 'fail') ? 'fail' : 'pending',
            results: verdict.results,
            summary: verdict.summary,
            at: new Date().toISOString(),
        };
        const at = state.analysis.findIndex((a) => a.step === entry.step);
        if (at >= 0)
            state.analysis[at] = entry;
        else
            state.analysis.push(entry);
        publish();
        return verdict;
    }
    verdictOf(step) {
        const found = this.release.state.analysis.find((a) => a.step === stepName(step));
        return found ? found.verdict : step.checks.length === 0 && !this.release.state.promoted ? 'pass' : undefined;
    }
    /** E.g. "gray 10% — baking 1m40s left, checks: error-ratio 0.002 < 0.01 ✓". */
    stepText(step, leftMs) {
        const last = this.release.state.analysis.find((a) => a.step === stepName(step));
        const checks = last ? `, checks: ${last.results.map(checkText).join(', ')}` : '';
        return `gray ${step.weight}% — baking ${formatDuration(leftMs)} left${checks}`;
    }
}
exports.GraySteps = GraySteps;
const stepName = (step) => `gray-${step.weight}`;
const percentOf = (s) => Math.round((100 * s.index) / Math.max(1, s.of));
function checkText(r) {
    const mark = r.outcome === 'pass' ? '✓' : r.outcome === 'fail' ? '✗' : '?';
    const value = r.value === null ? 'no value' : String(Number(r.value.toPrecision(3)));
    return `${r.name} ${value} ${r.op} ${r.threshold} ${mark}`;
}
/** 100000 → "1m40s"; 45000 → "45s". */
function formatDuration(ms) {
    const total = Math.max(0, Math.ceil(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    if (h)
        return `${h}h${m ? `${m}m` : ''}`;
    return m ? `${m}m${s ? `${s}s` : ''}` : `${s}s`;
}
/** The error report shows what failed: each check's query, its value and the threshold (or why it had none). */
function analysisFailed(step, verdict) {
    const failed = verdict.results.some((r) => r.outcome === 'fail');
    const what = failed ? 'metric check failed' : 'analysis inconclusive (policy: fail)';
    const lines = verdict.summary.split('\n').filter(Boolean);
    return (0, errors_1.nonRetryable)(errors_1.ErrorType.AnalysisFailed, `gray ${step.weight}%: ${what}: ${lines.join('; ')}`, {
        tail: verdict.summary,
    });
}
//# sourceMappingURL=release-gray-steps.js.map