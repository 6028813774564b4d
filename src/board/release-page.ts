import type { ReleaseProgress, StageProgress } from '../domain/progress';
import { renderActionForms } from './action-forms';
import type { BoardSource, GitOpsCommit } from './board-source';
import { cellKey } from './board-source';
import { relativeTime, shortTimestamp, weekdayTime } from './format-time';
import { html, type SafeHtml } from './html';
import { renderPage } from './page-layout';
import { stageLook, statusLook } from './release-status';

export function renderStages(stages: StageProgress[]): SafeHtml {
  return html`<table class="stages">
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
        const look = stageLook(s.state);
        return html`<tr class="tone-${look.tone}">
          <th scope="row">${s.name}</th>
          <td>
            <span aria-hidden="true">${look.icon}</span> ${s.state}${s.state === 'running' ? ` ${s.percent} %` : ''}
          </td>
          <td>${shortTimestamp(s.startedAt)}</td>
          <td>${shortTimestamp(s.endedAt)}</td>
          <td>${s.step ?? ''}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

export function renderError(error: ReleaseProgress['lastError']): SafeHtml | string {
  if (!error) return '';
  return html`<section class="error tone-bad" aria-labelledby="error-title">
    <h2 id="error-title"><span aria-hidden="true">✖</span> Error: ${error.type}</h2>
    <pre class="err">${error.message}</pre>
    ${
      error.tail
        ? html`<h3>Output (last lines)</h3>
            <pre class="tail">${error.tail}</pre>`
        : ''
    }
    ${
      error.logId
        ? html`<p><a href="/api/logs/${error.logId.split('/').map(encodeURIComponent).join('/')}">Full log</a></p>`
        : ''
    }
  </section>`;
}

function renderCommits(commits: GitOpsCommit[] | undefined): SafeHtml | string {
  if (!commits) return '';
  return html`<section aria-labelledby="gitops-title">
    <h2 id="gitops-title">GitOps commits</h2>
    ${
      commits.length === 0
        ? html`<p>None yet.</p>`
        : html`<ul class="commits">
            ${commits.map(
              (c) => html`<li><code>${c.sha.slice(0, 12)}</code> ${shortTimestamp(c.date)} ${c.subject}</li>`,
            )}
          </ul>`
    }
  </section>`;
}

/** The "Workflow" row of a page's facts: the run in the Temporal UI, when the board knows the UI's address. */
export function renderTemporalRow(link: string | undefined, workflowId: string): SafeHtml | string {
  return link
    ? html`<dt>Workflow</dt>
        <dd><a href="${link}">${workflowId} in the Temporal UI</a></dd>`
    : '';
}

/** One release: where it is, what it waits for, who decided what, what failed, and what you may do now. */
export async function renderReleasePage(source: BoardSource, service: string, environment: string, generation: string) {
  const [progress, commits] = await Promise.all([
    source.release(service, environment),
    source.gitOpsCommits(service, environment),
  ]);
  const zone = source.environments().find((e) => e.name === environment)?.timeZone ?? 'UTC';
  const now = Date.now();
  const look = progress && statusLook(progress.status);
  const main = html`<h1>${service} → ${environment}</h1>
    <p><a href="/board/ci/${encodeURIComponent(service)}/${encodeURIComponent(environment)}">CI pipelines</a></p>
    ${
      progress
        ? html`<p class="status tone-${look!.tone}">
              <span aria-hidden="true">${look!.icon}</span> <strong>${look!.label}</strong> · ${progress.currentStep}
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
              ${
                progress.wakeAt
                  ? html`<dt>Wakes up</dt>
                      <dd>
                        ${progress.status === 'waiting-for-window' ? 'waits for the window until ' : ''}<time
                          datetime="${progress.wakeAt}"
                          >${weekdayTime(progress.wakeAt, zone)}</time
                        >
                        (<span class="rel" data-at="${progress.wakeAt}">${relativeTime(progress.wakeAt, now)}</span>)
                      </dd>`
                  : ''
              }
              ${
                progress.queuedImage
                  ? html`<dt>Queued next</dt>
                      <dd><code>${progress.queuedImage}</code></dd>`
                  : ''
              }
              ${renderTemporalRow(source.temporalUiLink(progress.workflowId), progress.workflowId)}
            </dl>
            ${renderError(progress.lastError)} ${renderStages(progress.stages)}
            <section aria-labelledby="decisions-title">
              <h2 id="decisions-title">Decisions</h2>
              ${
                progress.approvals.length === 0
                  ? html`<p>None yet.</p>`
                  : html`<ul class="decisions">
                      ${progress.approvals.map(
                        (a) =>
                          html`<li>
                            <strong>${a.kind}</strong> by ${a.by} at
                            ${shortTimestamp(a.at)}${a.reason ? html` — “${a.reason}”` : ''}
                          </li>`,
                      )}
                    </ul>`
              }
            </section>`
        : html`<p>No release of ${service} in ${environment} yet.</p>`
    }
    ${renderCommits(commits)}
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">What you can do</h2>
      ${renderActionForms(source, service, environment, progress)}
    </section>`;
  return renderPage({ title: `${service} → ${environment}`, generation, follows: cellKey(service, environment) }, main);
}
