import type { PipelineProgress, ReleaseProgress, StageProgress } from '../domain/progress';
import type { PromotionSource } from '../domain/promotion';
import { artifactKindOf } from '../domain/artifact-kind';
import type { PreviewProgress } from '../workflows/preview-messages';

const BAR_WIDTH = 24;
const ICONS: Record<StageProgress['state'], string> = {
  pending: '·',
  running: '▶',
  waiting: '⏸',
  succeeded: '✔',
  failed: '✖',
  skipped: '–',
  'rolled-back': '↺',
};

function bar(percent: number): string {
  const filled = Math.round((Math.max(0, Math.min(100, percent)) / 100) * BAR_WIDTH);
  return `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}]`;
}

function stageLine(s: StageProgress): string {
  const percent = s.state === 'succeeded' || s.state === 'skipped' ? 100 : s.percent;
  return `  ${ICONS[s.state]} ${s.name.padEnd(12)} ${bar(percent)} ${String(percent).padStart(3)}%  ${s.state}${s.step ? ` — ${s.step}` : ''}`;
}

/** The full picture of a run: a header, one bar per stage, the wake-up time and the last error with its tail. */
export function renderProgress(p: ReleaseProgress | PipelineProgress): string[] {
  const isRelease = 'releaseId' in p;
  const header = isRelease
    ? `${p.service} → ${p.environment}  ${p.image}  (${p.status}, requested by ${p.requestedBy})`
    : `CI ${p.service}@${p.commit.slice(0, 12)} for ${p.environment}  (${p.status})`;
  const lines = [header, ...p.stages.map(stageLine), `  overall ${bar(p.percent)} ${p.percent}%  ${p.currentStep}`];
  if (!isRelease && p.image) lines.push(`  ${p.artifact ?? 'image'} ${p.image}`);
  if (isRelease && artifactKindOf(p.image) === 'package')
    lines.push(`  package ${digestOf(p.image)} (fetched and unpacked by the target)`);
  if (isRelease && p.promotion) lines.push(`  ${describePromotion(p.image, p.promotion)}`);
  if (isRelease && p.wakeAt) lines.push(`  wakes at ${p.wakeAt}`);
  if (isRelease && p.queuedImage) lines.push(`  queued next: ${p.queuedImage}`);
  if (isRelease && p.approvals.length) {
    lines.push(...p.approvals.map((a) => `  ${a.kind} by ${a.by} at ${a.at}${a.reason ? `: ${a.reason}` : ''}`));
  }
  if (p.lastError) {
    lines.push(`  error ${p.lastError.type}: ${p.lastError.message}`);
    if (p.lastError.tail)
      lines.push(
        ...p.lastError.tail
          .trimEnd()
          .split('\n')
          .slice(-15)
          .map((l) => `    │ ${l}`),
      );
    if (p.lastError.logId) lines.push(`  full log: gantry logs ${p.lastError.logId}`);
  }
  return lines;
}

/** A merge request's preview: where it answers, until when, and what happened to it. */
export function renderPreview(p: PreviewProgress): string[] {
  // Closed, it runs no commit any more: the branch it previewed and "closed" say it all.
  const what = p.commit && p.status !== 'closed' ? `${p.branch ?? '?'}@${p.commit.slice(0, 12)}` : (p.branch ?? '?');
  const lines = [`${p.service} → ${p.environment}  ${what}  (${p.status})`, ...p.stages.map(stageLine)];
  if (p.previewUrl) lines.push(`  preview at ${p.previewUrl}`);
  if (p.image) lines.push(`  image ${p.image}`);
  if (p.expiresAt) lines.push(`  torn down at ${p.expiresAt} unless the merge request is updated`);
  if (p.closedReason) lines.push(`  closed: ${p.closedReason}`);
  if (p.lastError) lines.push(`  error ${p.lastError.type}: ${p.lastError.message}`);
  lines.push(...p.log.slice(-10).map((l) => `    │ ${l}`));
  return lines;
}

const digestOf = (reference: string): string => reference.slice(reference.indexOf('@') + 1);

/** "hello-node@sha256:… from pre (running since …)", or the override and its reason. */
export function describePromotion(image: string, promotion: PromotionSource): string {
  if (promotion.override) {
    return `${image}: promotion OVERRIDE (never ran healthy in ${promotion.from}): ${promotion.override.reason}; waits for an emergency approval`;
  }
  return `${image} from ${promotion.from} (running since ${promotion.since ?? '?'})`;
}

/** Redraws in place on a terminal; elsewhere prints only lines that changed, so logs stay readable. */
export function createProgressPrinter(out: NodeJS.WriteStream) {
  let previous: string[] = [];
  return (lines: string[]): void => {
    if (out.isTTY) {
      if (previous.length) out.write(`\x1b[${previous.length}A`);
      for (const line of lines) out.write(`\x1b[2K${line}\n`);
    } else {
      for (const line of lines) if (!previous.includes(line)) out.write(`${line}\n`);
    }
    previous = lines;
  };
}
