"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.renderCell = renderCell;
const cell_groups_1 = require("./cell-groups");
const format_time_1 = require("./format-time");
const html_1 = require("./html");
const release_status_1 = require("./release-status");
const releaseHref = (service, environment) => `/board/releases/${encodeURIComponent(service)}/${encodeURIComponent(environment)}`;
function image(label, ref) {
    if (!ref)
        return '';
    const short = (0, cell_groups_1.shortDigestOrTag)(ref);
    return (0, html_1.html) `<div class="img"><span class="track">${label}</span> <code title="${ref}">${short}</code></div>`;
}
/** First lines of an error: enough to recognise it in the matrix; the release page has the rest. */
function firstLines(text, lines = 3) {
    return text.split('\n').slice(0, lines).join('\n');
}
/** One matrix cell (a <td>): what runs there, the release in flight or its outcome, and what it waits for. */
function renderCell(service, environment, cell, ctx) {
    const key = `${service}/${environment}`;
    const release = cell?.release;
    const groups = (0, cell_groups_1.cellGroups)(cell, ctx.now);
    const look = release ? (0, release_status_1.statusLook)(release.status) : undefined;
    const p = release?.progress;
    const body = release
        ? (0, html_1.html) `<a class="st" href="${releaseHref(service, environment)}"
          ><span aria-hidden="true">${look.icon}</span> ${look.label}${groups.includes('stuck') ? ' (stuck)' : ''}</a
        >
        ${release.running && p
            ? (0, html_1.html) `<div class="bar">
                <progress max="100" value="${p.percent}" aria-label="${service} ${environment} progress">
                  ${p.percent} %
                </progress>
                <span>${p.percent} % · ${p.currentStep}</span>
              </div>`
            : ''}
        ${release.status === 'waiting-for-window' && p?.wakeAt
            ? (0, html_1.html) `<p class="why">
                waits for the window until
                <time datetime="${p.wakeAt}">${(0, format_time_1.weekdayTime)(p.wakeAt, ctx.timeZoneOf(environment))}</time>
                (<span class="rel" data-at="${p.wakeAt}">${(0, format_time_1.relativeTime)(p.wakeAt, ctx.now)}</span>)
              </p>`
            : ''}
        ${release.status === 'waiting-for-promotion'
            ? (0, html_1.html) `<p class="why">
                waiting for promotion by ${ctx.promoters(service, environment).join(', ') || 'nobody'}
              </p>`
            : ''}
        ${look.tone === 'bad' && p?.lastError ? (0, html_1.html) `<pre class="err">${firstLines(p.lastError.message)}</pre>` : ''}`
        : (0, html_1.html) `<span class="none">no release yet</span>`;
    return (0, html_1.html) `<td
    class="cell ${look ? `tone-${look.tone}` : 'tone-idle'}"
    data-key="${key}"
    data-env="${environment}"
    data-groups="${groups.join(' ')}"
  >
    ${image('stable', cell?.deployment.stable ?? null)}${image('gray', cell?.deployment.gray ?? null)}${body}
  </td>`;
}
//# sourceMappingURL=matrix-cell.js.map