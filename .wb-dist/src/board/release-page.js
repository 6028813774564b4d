"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.renderStages = renderStages;
exports.renderError = renderError;
exports.renderReleasePage = renderReleasePage;
const action_forms_1 = require("./action-forms");
const board_source_1 = require("./board-source");
const format_time_1 = require("./format-time");
const html_1 = require("./html");
const page_layout_1 = require("./page-layout");
const release_status_1 = require("./release-status");
function renderStages(stages) {
    return (0, html_1.html) `<table class="stages">
    <caption>
      Stages
    </caption>
    <thead>
      <tr>
        <th scope="col">Stage</th>
        <th scope="col">State</th>
        <th scope="col">Started</th>
        <th scope="col">Ended</th>
        <th scope="col">Step</th>
      </tr>
    </thead>
    <tbody>
      ${stages.map((s) => {
        const look = (0, release_status_1.stageLook)(s.state);
        return (0, html_1.html) `<tr class="tone-${look.tone}">
          <th scope="row">${s.name}</th>
          <td>
            <span aria-hidden="true">${look.icon}</span> ${s.state}${s.state === 'running' ? ` ${s.percent} %` : ''}
          </td>
          <td>${(0, format_time_1.shortTimestamp)(s.startedAt)}</td>
          <td>${(0, format_time_1.shortTimestamp)(s.endedAt)}</td>
          <td>${s.step ?? ''}</td>
        </tr>`;
    })}
    </tbody>
  </table>`;
}
function renderError(error) {
    if (!error)
        return '';
    return (0, html_1.html) `<section class="error tone-bad" aria-labelledby="error-title">
    <h2 id="error-title"><span aria-hidden="true">✖</span> Error: ${error.type}</h2>
    <pre class="err">${error.message}</pre>
    ${error.tail
        ? (0, html_1.html) `<h3>Output (last lines)</h3>
            <pre class="tail">${error.tail}</pre>`
        : ''}
    ${error.logId
        ? (0, html_1.html) `<p><a href="/api/logs/${error.logId.split('/').map(encodeURIComponent).join('/')}">Full log</a></p>`
        : ''}
  </section>`;
}
function renderCommits(commits) {
    if (!commits)
        return '';
    return (0, html_1.html) `<section aria-labelledby="gitops-title">
    <h2 id="gitops-title">GitOps commits</h2>
    ${commits.length === 0
        ? (0, html_1.html) `<p>None yet.</p>`
        : (0, html_1.html) `<ul class="commits">
            ${commits.map((c) => (0, html_1.html) `<li><code>${c.sha.slice(0, 12)}</code> ${(0, format_time_1.shortTimestamp)(c.date)} ${c.subject}</li>`)}
          </ul>`}
  </section>`;
}
/** One release: where it is, what it waits for, who decided what, what failed, and what you may do now. */
async function renderReleasePage(source, service, environment, generation) {
    const [progress, commits] = await Promise.all([
        source.release(service, environment),
        source.gitOpsCommits(service, environment),
    ]);
    const zone = source.environments().find((e) => e.name === environment)?.timeZone ?? 'UTC';
    const now = Date.now();
    const look = progress && (0, release_status_1.statusLook)(progress.status);
    const temporal = progress && source.temporalUiLink(progress.workflowId);
    const main = (0, html_1.html) `<h1>${service} → ${environment}</h1>
    <p><a href="/board/ci/${encodeURIComponent(service)}/${encodeURIComponent(environment)}">CI pipelines</a></p>
    ${progress
        ? (0, html_1.html) `<p class="status tone-${look.tone}">
              <span aria-hidden="true">${look.icon}</span> <strong>${look.label}</strong> · ${progress.currentStep}
            </p>
            <div class="bar">
              <progress max="100" value="${progress.percent}" aria-label="release progress">
                ${progress.percent} %
              </progress>
              <span>${progress.percent} %</span>
            </div>
            <dl class="facts">
              <dt>Image</dt>
              <dd><code>${progress.image}</code></dd>
              <dt>Before</dt>
              <dd><code>${progress.previousImage ?? 'nothing deployed'}</code></dd>
              <dt>Requested by</dt>
              <dd>${progress.requestedBy}</dd>
              ${progress.wakeAt
            ? (0, html_1.html) `<dt>Wakes up</dt>
                      <dd>
                        ${progress.status === 'waiting-for-window' ? 'waits for the window until ' : ''}<time
                          datetime="${progress.wakeAt}"
                          >${(0, format_time_1.weekdayTime)(progress.wakeAt, zone)}</time
                        >
                        (<span class="rel" data-at="${progress.wakeAt}">${(0, format_time_1.relativeTime)(progress.wakeAt, now)}</span>)
                      </dd>`
            : ''}
              ${progress.queuedImage
            ? (0, html_1.html) `<dt>Queued next</dt>
                      <dd><code>${progress.queuedImage}</code></dd>`
            : ''}
              ${temporal
            ? (0, html_1.html) `<dt>Workflow</dt>
                      <dd><a href="${temporal}">${progress.workflowId} in the Temporal UI</a></dd>`
            : ''}
            </dl>
            ${renderError(progress.lastError)} ${renderStages(progress.stages)}
            <section aria-labelledby="decisions-title">
              <h2 id="decisions-title">Decisions</h2>
              ${progress.approvals.length === 0
            ? (0, html_1.html) `<p>None yet.</p>`
            : (0, html_1.html) `<ul class="decisions">
                      ${progress.approvals.map((a) => (0, html_1.html) `<li>
                            <strong>${a.kind}</strong> by ${a.by} at
                            ${(0, format_time_1.shortTimestamp)(a.at)}${a.reason ? (0, html_1.html) ` — “${a.reason}”` : ''}
                          </li>`)}
                    </ul>`}
            </section>`
        : (0, html_1.html) `<p>No release of ${service} in ${environment} yet.</p>`}
    ${renderCommits(commits)}
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">What you can do</h2>
      ${(0, action_forms_1.renderActionForms)(source, service, environment, progress)}
    </section>`;
    return (0, page_layout_1.renderPage)({ title: `${service} → ${environment}`, generation, follows: (0, board_source_1.cellKey)(service, environment) }, main);
}
//# sourceMappingURL=release-page.js.map