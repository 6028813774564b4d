import type { ReleaseState } from './release-state';

/**
 * What a release is doing, for the Temporal UI's current details: one sentence that says what it waits for and
 * until when (in the environment's time zone), then the image in flight. Not part of history, so it may change
 * freely between versions.
 */
export function releaseDetails(state: ReleaseState, statusSince: Date): string {
  const image = `\`${state.request.image}\` asked by ${state.request.requestedBy}`;
  const queued = state.queued ? `; next: \`${state.queued.image}\`` : '';
  return `${grayLine(state) ?? sentence(state, statusSince)}${queued}\n${image}${analysisLines(state)}`;
}

/** Flow control and weighted gray say more than the status: queued for a slot, or the step and its bake. */
function grayLine(state: ReleaseState): string | undefined {
  const q = state.deployQueue;
  if (q) {
    const ahead = q.ahead === undefined ? 'asking for a slot' : `${q.ahead} ahead`;
    return `queued for a deploy slot in ${q.key} (at most ${q.maxParallel} at once): ${ahead}`;
  }
  const step = state.grayStep;
  if (!step || state.status !== 'baking') return undefined;
  const until = step.bakeUntil
    ? ` until ${localTime(new Date(step.bakeUntil), state.plan?.window.timeZone ?? 'UTC')}`
    : '';
  return `gray step ${step.index + 1} of ${step.of}: ${step.weight}% of requests, baking${until}`;
}

/** The latest metric checks per gray step: query, value and threshold of each that did not pass. */
function analysisLines(state: ReleaseState): string {
  if (!state.analysis.length) return '';
  const lines = state.analysis.map((a) => {
    const passed = a.results.filter((r) => r.outcome === 'pass').length;
    const detail = a.summary ? `: ${a.summary.split('\n').join('; ')}` : '';
    return `analysis ${a.step}: ${a.verdict} (${passed}/${a.results.length} checks passed)${detail}`;
  });
  return `\n${lines.join('\n')}`;
}

function sentence(state: ReleaseState, since: Date): string {
  const { plan, wakeAt, tracker, interruption, lastError } = state;
  const zone = plan?.window.timeZone ?? 'UTC';
  const at = (d: Date): string => localTime(d, zone);
  const people = (ids: string[] | undefined): string => (ids?.length ? ids.join(', ') : 'nobody');
  const error = lastError ? firstLine(lastError.message) : '';
  switch (state.status) {
    case 'pending':
      return 'starting: checking who may release and the release window';
    case 'waiting-for-window':
      if (state.request.promotion?.override)
        return `promotion override (${state.request.promotion.override.reason}): waiting for an emergency approval by ${people(plan?.emergencyApprovers)}`;
      return `waiting for the release window ${wakeAt ? `until ${at(wakeAt)}` : '(none scheduled)'}; emergency approvers: ${people(plan?.emergencyApprovers)}`;
    case 'deploying-gray':
    case 'deploying-full':
      return `deploying ${state.status === 'deploying-gray' ? 'gray' : 'full'}: ${tracker.current?.step ?? 'starting'}`;
    case 'baking':
      return `gray healthy, baking until ${wakeAt ? at(wakeAt) : 'the bake ends'}; may promote early: ${people(plan?.approvers)}`;
    case 'waiting-for-promotion':
      return `waiting for promotion by ${people(plan?.approvers)} since ${at(since)}`;
    case 'rolling-back':
      return `rolling back: ${interruption ? `${interruption.kind} by ${interruption.by}${interruption.reason ? `: ${interruption.reason}` : ''}` : error}`;
    case 'succeeded':
      return `succeeded: live in ${state.input.environment} since ${at(since)}`;
    case 'rolled-back':
      return `rolled back to \`${state.previous?.stable ?? 'nothing'}\`: ${error || interruption?.kind || ''}`;
    case 'aborted':
      return `aborted${interruption ? ` by ${interruption.by}: ${interruption.reason ?? ''}` : ''}`;
    case 'failed':
      return `failed: ${error}`;
    case 'superseded':
      return 'superseded by a newer request';
  }
}

const firstLine = (text: string): string => text.split('\n', 1)[0] ?? '';

// Building a DateTimeFormat costs far more than using one; cached per time zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** E.g. "2026-12-03 10:00 Asia/Shanghai": how the people in that environment read their clock. */
function localTime(date: Date, timeZone: string): string {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, fmt);
  }
  const p: Record<string, string> = {};
  for (const part of fmt.formatToParts(date)) p[part.type] = part.value;
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']} ${timeZone}`;
}
