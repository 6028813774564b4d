import type { PreviewCell } from './board-source';
import { relativeTime } from './format-time';
import { html, type SafeHtml } from './html';
import type { StatusLook } from './release-status';

const LOOKS: Record<string, StatusLook> = {
  live: { tone: 'ok', icon: '✔', label: 'live' },
  building: { tone: 'busy', icon: '▶', label: 'building' },
  deploying: { tone: 'busy', icon: '▶', label: 'deploying' },
  failed: { tone: 'bad', icon: '✖', label: 'failed' },
  'tearing-down': { tone: 'idle', icon: '•', label: 'tearing down' },
  closed: { tone: 'idle', icon: '•', label: 'closed' },
};

/** The open merge request previews under the matrix: where each answers, what runs there, when its TTL ends. */
export function renderPreviews(previews: readonly PreviewCell[] | undefined, now: number): SafeHtml | '' {
  if (!previews?.length) return '';
  return html`<section class="previews" aria-labelledby="previews-title">
    <h2 id="previews-title">Previews</h2>
    <table class="matrix">
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col">Merge request</th>
          <th scope="col">Status</th>
          <th scope="col">URL</th>
          <th scope="col">Image</th>
          <th scope="col">Expires</th>
        </tr>
      </thead>
      <tbody>
        ${previews.map((p) => {
          const look = LOOKS[p.status] ?? { tone: 'idle', icon: '•', label: p.status };
          return html`<tr class="tone-${look.tone}" data-preview="${p.workflowId}">
            <th scope="row">${p.service}</th>
            <td>!${p.iid} ${p.environment}${p.branch ? html` <code>${p.branch}</code>` : ''}</td>
            <td><span class="st">${look.icon} ${look.label}</span></td>
            <td>${p.previewUrl ? html`<a href="${p.previewUrl}">${p.previewUrl}</a>` : '—'}</td>
            <td>${p.image ? html`<code>${p.image}</code>` : '—'}</td>
            <td>${p.expiresAt ? relativeTime(p.expiresAt, now) : '—'}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </section>`;
}
