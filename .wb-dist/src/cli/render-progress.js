"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.renderProgress = renderProgress;
exports.renderPreview = renderPreview;
exports.describePromotion = describePromotion;
exports.createProgressPrinter = createProgressPrinter;
const artifact_kind_1 = require("../domain/artifact-kind");
const BAR_WIDTH = 24;
const ICONS = {
    pending: '·',
    running: '▶',
    waiting: '⏸',
    succeeded: '✔',
    failed: '✖',
    skipped: '–',
    'rolled-back': '↺',
};
function bar(percent) {
    const filled = Math.round((Math.max(0, Math.min(100, percent)) / 100) * BAR_WIDTH);
    return `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}]`;
}
function stageLine(s) {
    const percent = s.state === 'succeeded' || s.state === 'skipped' ? 100 : s.percent;
    return `  ${ICONS[s.state]} ${s.name.padEnd(12)} ${bar(percent)} ${String(percent).padStart(3)}%  ${s.state}${s.step ? ` — ${s.step}` : ''}`;
}
/** The full picture of a run: a header, one bar per stage, the wake-up time and the last error with its tail. */
function renderProgress(p) {
    const isRelease = 'releaseId' in p;
    const header = isRelease
        ? `${p.service} → ${p.environment}  ${p.image}  (${p.status}, requested by ${p.requestedBy})`
        : `CI ${p.service}@${p.commit.slice(0, 12)} for ${p.environment}  (${p.status})`;
    const lines = [header, ...p.stages.map(stageLine), `  overall ${bar(p.percent)} ${p.percent}%  ${p.currentStep}`];
    if (!isRelease && p.image)
        lines.push(`  ${p.artifact ?? 'image'} ${p.image}`);
    if (isRelease && (0, artifact_kind_1.artifactKindOf)(p.image) === 'package')
        lines.push(`  package ${digestOf(p.image)} (fetched and unpacked by the target)`);
    if (isRelease && p.promotion)
        lines.push(`  ${describePromotion(p.image, p.promotion)}`);
    if (isRelease && p.wakeAt)
        lines.push(`  wakes at ${p.wakeAt}`);
    if (isRelease && p.queuedImage)
        lines.push(`  queued next: ${p.queuedImage}`);
    if (isRelease && p.approvals.length) {
        lines.push(...p.approvals.map((a) => `  ${a.kind} by ${a.by} at ${a.at}${a.reason ? `: ${a.reason}` : ''}`));
    }
    if (p.lastError) {
        lines.push(`  error ${p.lastError.type}: ${p.lastError.message}`);
        if (p.lastError.tail)
            lines.push(...p.lastError.tail
                .trimEnd()
                .split('\n')
                .slice(-15)
                .map((l) => `    │ ${l}`));
        if (p.lastError.logId)
            lines.push(`  full log: gantry logs ${p.lastError.logId}`);
    }
    return lines;
}
/** A merge request's preview: where it answers, until when, and what happened to it. */
function renderPreview(p) {
    const lines = [
        `${p.service} → ${p.environment}  ${p.branch ?? '?'}@${p.commit?.slice(0, 12) ?? '?'}  (${p.status})`,
        ...p.stages.map(stageLine),
    ];
    if (p.previewUrl)
        lines.push(`  preview at ${p.previewUrl}`);
    if (p.image)
        lines.push(`  image ${p.image}`);
    if (p.expiresAt)
        lines.push(`  torn down at ${p.expiresAt} unless the merge request is updated`);
    if (p.closedReason)
        lines.push(`  closed: ${p.closedReason}`);
    if (p.lastError)
        lines.push(`  error ${p.lastError.type}: ${p.lastError.message}`);
    lines.push(...p.log.slice(-10).map((l) => `    │ ${l}`));
    return lines;
}
const digestOf = (reference) => reference.slice(reference.indexOf('@') + 1);
/** "hello-node@sha256:… from pre (running since …)", or the override and its reason. */
function describePromotion(image, promotion) {
    if (promotion.override) {
        return `${image}: promotion OVERRIDE (never ran healthy in ${promotion.from}): ${promotion.override.reason}; waits for an emergency approval`;
    }
    return `${image} from ${promotion.from} (running since ${promotion.since ?? '?'})`;
}
/** Redraws in place on a terminal; elsewhere prints only lines that changed, so logs stay readable. */
function createProgressPrinter(out) {
    let previous = [];
    return (lines) => {
        if (out.isTTY) {
            if (previous.length)
                out.write(`\x1b[${previous.length}A`);
            for (const line of lines)
                out.write(`\x1b[2K${line}\n`);
        }
        else {
            for (const line of lines)
                if (!previous.includes(line))
                    out.write(`${line}\n`);
        }
        previous = lines;
    };
}
//# sourceMappingURL=render-progress.js.map