"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.renderPipelineList = renderPipelineList;
exports.renderPipelinePage = renderPipelinePage;
const format_time_1 = require("./format-time");
const html_1 = require("./html");
const page_layout_1 = require("./page-layout");
const release_page_1 = require("./release-page");
const release_status_1 = require("./release-status");
const ciHref = (service, environment, commit) => `/board/ci/${encodeURIComponent(service)}/${encodeURIComponent(environment)}${commit ? `/${commit}` : ''}`;
/** The newest pipelines of a service for an environment. */
async function renderPipelineList(source, service, environment) {
    const pipelines = await source.pipelines(service, environment);
    const main = (0, html_1.html) `<h1>CI: ${service} for ${environment}</h1>
    <p><a href="/board/releases/${encodeURIComponent(service)}/${encodeURIComponent(environment)}">Release</a></p>
    ${pipelines.length === 0
        ? (0, html_1.html) `<p>No pipelines yet: push to the environment's branch.</p>`
        : (0, html_1.html) `<ul class="pipelines">
            ${pipelines.map((p) => {
            const look = (0, release_status_1.stageLook)(p.status);
            return (0, html_1.html) `<li class="tone-${look.tone}">
                <a href="${ciHref(service, environment, p.commit)}"><code>${p.commit.slice(0, 12)}</code></a>
                <span aria-hidden="true">${look.icon}</span> ${p.status} · ${(0, format_time_1.shortTimestamp)(p.startTime)} · by
                ${p.triggeredBy}${p.image ? (0, html_1.html) ` · <code>${p.image}</code>` : ''}
              </li>`;
        })}
          </ul>`}`;
    return (0, page_layout_1.renderPage)({ title: `CI ${service} ${environment}` }, main);
}
/** One pipeline: its steps, test counts, coverage, the quality gate and the image it built. */
async function renderPipelinePage(source, service, environment, commit) {
    const view = await source.pipeline(service, environment, commit);
    if (!view)
        return undefined;
    const { progress, result } = view;
    const look = (0, release_status_1.stageLook)(progress.status);
    const gate = progress.stages.find((s) => s.name === 'quality-gate');
    const temporal = source.temporalUiLink(progress.workflowId);
    const main = (0, html_1.html) `<h1>CI: ${service}@${commit.slice(0, 12)} for ${environment}</h1>
    <p class="status tone-${look.tone}">
      <span aria-hidden="true">${look.icon}</span> <strong>${progress.status}</strong> · ${progress.currentStep}
    </p>
    <div class="bar">
      <progress max="100" value="${progress.percent}" aria-label="pipeline progress">${progress.percent} %</progress>
      <span>${progress.percent} %</span>
    </div>
    <dl class="facts">
      ${result
        ? (0, html_1.html) `<dt>Tests</dt>
              <dd>
                ${result.tests.total} run, ${result.tests.total - result.tests.failed - result.tests.skipped} passed,
                ${result.tests.failed} failed, ${result.tests.skipped} skipped
              </dd>
              <dt>Coverage</dt>
              <dd>${result.coverage === undefined ? 'not measured' : `${(result.coverage * 100).toFixed(1)} %`}</dd>`
        : ''}
      ${gate
        ? (0, html_1.html) `<dt>Quality gate</dt>
              <dd>${gate.state}: ${gate.step ?? ''}</dd>`
        : ''}
      <dt>${progress.artifact === 'package' ? 'Package' : 'Image'}</dt>
      <dd><code>${progress.image ?? result?.image ?? 'not built'}</code></dd>
      ${progress.releaseWorkflowId
        ? (0, html_1.html) `<dt>Release</dt>
              <dd>
                <a href="/board/releases/${encodeURIComponent(service)}/${encodeURIComponent(environment)}"
                  >${progress.releaseWorkflowId}</a
                >
              </dd>`
        : ''}
      ${temporal
        ? (0, html_1.html) `<dt>Workflow</dt>
              <dd><a href="${temporal}">${progress.workflowId} in the Temporal UI</a></dd>`
        : ''}
    </dl>
    ${(0, release_page_1.renderError)(progress.lastError)} ${(0, release_page_1.renderStages)(progress.stages)}`;
    // Pipelines are not in the live feed (it follows releases): a running one re-reads itself.
    const refreshMs = progress.status === 'running' ? 3000 : undefined;
    return (0, page_layout_1.renderPage)({ title: `CI ${service} ${commit.slice(0, 12)}`, refreshMs }, main);
}
//# sourceMappingURL=pipeline-page.js.map