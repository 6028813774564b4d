import type { CellData } from './board-source';
import { cellGroups, shortDigestOrTag } from './cell-groups';
import { relativeTime, weekdayTime } from './format-time';
import { html, type SafeHtml } from './html';
import { statusLook } from './release-status';

export interface CellContext {
  now: number;
  timeZoneOf(environment: string): string;
  promoters(service: string, environment: string): string[];
}

const releaseHref = (service: string, environment: string) =>
  `/board/releases/${encodeURIComponent(service)}/${encodeURIComponent(environment)}`;

function image(label: string, ref: string | null): SafeHtml | string {
  if (!ref) return '';
  const short = shortDigestOrTag(ref);
  return html`<div class="img"><span class="track">${label}</span> <code title="${ref}">${short}</code></div>`;
}

/** First lines of an error: enough to recognise it in the matrix; the release page has the rest. */
function firstLines(text: string, lines = 3): string {
  return text.split('\n').slice(0, lines).join('\n');
}

/** One matrix cell (a <td>): what runs there, the release in flight or its outcome, and what it waits for. */
export function renderCell(
  service: string,
  environment: string,
  cell: CellData | undefined,
  ctx: CellContext,
): SafeHtml {
  const key = `${service}/${environment}`;
  const release = cell?.release;
  const groups = cellGroups(cell, ctx.now);
  const look = release ? statusLook(release.status) : undefined;
  const p = release?.progress;
  // Its step says "waiting for promotion by …" too: the line below the bar says it once.
  const waitsForPromotion = release?.status === 'waiting-for-promotion';
  const body = release
    ? html`<a class="st" href="${releaseHref(service, environment)}"
          ><span aria-hidden="true">${look!.icon}</span> ${look!.label}${groups.includes('stuck') ? ' (stuck)' : ''}</a
        >
        ${
          release.running && p
            ? html`<div class="bar">
                <progress max="100" value="${p.percent}" aria-label="${service} ${environment} progress">
                  ${p.percent} %
                </progress>
                <span>${p.percent} %${waitsForPromotion ? '' : ` · ${p.currentStep}`}</span>
              </div>`
            : ''
        }
        ${
          release.status === 'waiting-for-window' && p?.wakeAt
            ? html`<p class="why">
                waits for the window until
                <time datetime="${p.wakeAt}">${weekdayTime(p.wakeAt, ctx.timeZoneOf(environment))}</time>
                (<span class="rel" data-at="${p.wakeAt}">${relativeTime(p.wakeAt, ctx.now)}</span>)
              </p>`
            : ''
        }
        ${
          waitsForPromotion
            ? html`<p class="why">
                waiting for promotion by ${ctx.promoters(service, environment).join(', ') || 'nobody'}
              </p>`
            : ''
        }
        ${look!.tone === 'bad' && p?.lastError ? html`<pre class="err">${firstLines(p.lastError.message)}</pre>` : ''}`
    : html`<span class="none">no release yet</span>`;
  return html`<td
    class="cell ${look ? `tone-${look.tone}` : 'tone-idle'}"
    data-key="${key}"
    data-env="${environment}"
    data-groups="${groups.join(' ')}"
  >
    ${image('stable', cell?.deployment.stable ?? null)}${image('gray', cell?.deployment.gray ?? null)}${body}
  </td>`;
}
