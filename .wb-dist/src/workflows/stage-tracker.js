"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.StageTracker = void 0;
const DONE = ['succeeded', 'skipped', 'failed', 'rolled-back'];
/** Keeps the stages of a run for the progress query: deterministic, fed with workflow time. */
class StageTracker {
    now;
    stages;
    constructor(names, now) {
        this.now = now;
        this.stages = names.map((name) => ({ name, state: 'pending', percent: 0 }));
    }
    stage(name) {
        let stage = this.stages.find((s) => s.name === name);
        if (!stage) {
            stage = { name, state: 'pending', percent: 0 };
            this.stages.push(stage);
        }
        return stage;
    }
    /** Renames a stage not started yet, e.g. `image` to `package` once the plan says what CI builds. */
    rename(from, to) {
        const stage = this.stages.find((s) => s.name === from);
        if (stage)
            stage.name = to;
    }
    /** Marks a stage running (or waiting) with the step it is on; the first call stamps the start time. */
    enter(name, step, state = 'running', percent) {
        const stage = this.stage(name);
        stage.state = state;
        stage.step = step;
        stage.startedAt ??= this.now().toISOString();
        if (percent !== undefined)
            stage.percent = percent;
    }
    finish(name, state, step) {
        const stage = this.stage(name);
        stage.state = state;
        if (step !== undefined)
            stage.step = step;
        if (state === 'succeeded' || state === 'skipped')
            stage.percent = 100;
        stage.endedAt = this.now().toISOString();
    }
    /** The stage in progress, or the last one touched. */
    get current() {
        return (this.stages.find((s) => s.state === 'running' || s.state === 'waiting') ??
            [...this.stages].reverse().find((s) => s.state !== 'pending'));
    }
    get percent() {
        const total = this.stages.reduce((sum, s) => sum + (DONE.includes(s.state) ? 100 : s.percent), 0);
        return Math.round(total / Math.max(1, this.stages.length));
    }
}
exports.StageTracker = StageTracker;
//# sourceMappingURL=stage-tracker.js.map