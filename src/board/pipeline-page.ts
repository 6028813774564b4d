import type { BoardSource } from './board-source';
import { shortTimestamp } from './format-time';
import { html } from './html';
import { renderPage } from './page-layout';
import { renderError, renderStages, renderTemporalRow } from './release-page';
import { stageLook } from './release-status';

const ciHref = (service: string, environment: string, commit?: string) =>
  `/board/ci/${encodeURIComponent(service)}/${encodeURIComponent(environment)}${commit ? `/${commit}` : ''}`;

/** The newest pipelines of a service for an environment. */
export async function renderPipelineList(source: BoardSource, service: string, environment: string) {
  const pipelines = await source.pipelines(service, environment);
  const main = html`<h1>CI: ${service} for ${environment}</h1>
    <p><a href="/board/releases/${encodeURIComponent(service)}/${encodeURIComponent(environment)}">Release</a></p>
    ${
      pipelines.length === 0
        ? html`<p>No pipelines yet: push to the environment's branch.</p>`
        : html`<ul class="pipelines">
            ${pipelines.map((p) => {
              const look = stageLook(p.status);
              return html`<li class="tone-${look.tone}">
                <a href="${ciHref(service, environment, p.commit)}"><code>${p.commit.slice(0, 12)}</code></a>
                <span aria-hidden="true">${look.icon}</span> ${p.status} · ${shortTimestamp(p.startTime)} · by
                ${p.triggeredBy}${p.image ? html` · <code>${p.image}</code>` : ''}
              </li>`;
            })}
          </ul>`
    }`;
  return renderPage({ title: `CI ${service} ${environment}` }, main);
}

/** One pipeline: its steps, test counts, coverage, the quality gate and the image it built. */
export async function renderPipelinePage(source: BoardSource, service: string, environment: string, commit: string) {
  const view = await source.pipeline(service, environment, commit);
  if (!view) return undefined;
  const { progress, result } = view;
  const look = stageLook(progress.status);
  const gate = progress.stages.find((s) => s.name === 'quality-gate');
  const main = html`<h1>CI: ${service}@${commit.slice(0, 12)} for ${environment}</h1>
    <p class="status tone-${look.tone}">
      <span aria-hidden="true">${look.icon}</span> <strong>${progress.status}</strong> · ${progress.currentStep}
    </p>
    <div class="bar">
      <progress max="100" value="${progress.percent}" aria-label="pipeline progress">${progress.percent} %</progress>
      <span>${progress.percent} %</span>
    </div>
    <dl class="facts">
      ${
        result
          ? html`<dt>Tests</dt>
              <dd>
                ${result.tests.total} run, ${result.tests.total - result.tests.failed - result.tests.skipped} passed,
                ${result.tests.failed} failed, ${result.tests.skipped} skipped
              </dd>
              <dt>Coverage</dt>
              <dd>${result.coverage === undefined ? 'not measured' : `${(result.coverage * 100).toFixed(1)} %`}</dd>`
          : ''
      }
      ${
        gate
          ? html`<dt>Quality gate</dt>
              <dd>${gate.state}: ${gate.step ?? ''}</dd>`
          : ''
      }
      <dt>${progress.artifact === 'package' ? 'Package' : 'Image'}</dt>
      <dd><code>${progress.image ?? result?.image ?? 'not built'}</code></dd>
      ${
        progress.releaseWorkflowId
          ? html`<dt>Release</dt>
              <dd>
                <a href="/board/releases/${encodeURIComponent(service)}/${encodeURIComponent(environment)}"
                  >${progress.releaseWorkflowId}</a
                >
              </dd>`
          : ''
      }
      ${renderTemporalRow(source.temporalUiLink(progress.workflowId), progress.workflowId)}
    </dl>
    ${renderError(progress.lastError)} ${renderStages(progress.stages)}`;
  // Pipelines are not in the live feed (it follows releases): a running one re-reads itself.
  const refreshMs = progress.status === 'running' ? 3000 : undefined;
  return renderPage({ title: `CI ${service} ${commit.slice(0, 12)}`, refreshMs }, main);
}
