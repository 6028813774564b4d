import type { BoardAction, BoardSource } from './board-source';
import type { ReleaseProgress } from '../domain/progress';
import { decisionsFor, isInProgress, type ReleaseDecision } from '../domain/release-status';
import { html, type SafeHtml } from './html';

interface ActionSpec {
  action: BoardAction;
  label: string;
  /** The API refuses these without a reason; the form asks for one up front. */
  needsReason: boolean;
}

const RELEASE: ActionSpec = { action: 'release', label: 'Release', needsReason: false };
const DECISION_FORMS: Record<ReleaseDecision, ActionSpec> = {
  approve: { action: 'approve', label: 'Approve emergency release', needsReason: true },
  promote: { action: 'promote', label: 'Promote to full', needsReason: false },
  rollback: { action: 'rollback', label: 'Roll back', needsReason: true },
  abort: { action: 'abort', label: 'Abort', needsReason: true },
};

/** What can be done in a release's current state (who may do it is the workflow's call; see data-allowed). */
function actionsFor(progress: ReleaseProgress | undefined): ActionSpec[] {
  if (!progress || !isInProgress(progress.status)) return [RELEASE];
  return decisionsFor(progress.status).map((decision) => DECISION_FORMS[decision]);
}

/** What a release without an image ships: the source environment's healthy image where it promotes, else the build. */
function defaultImage(source: BoardSource, environment: string): string {
  const from = source.environments().find((e) => e.name === environment)?.promoteFrom;
  return from ? `what runs healthy in ${from}` : 'the latest build';
}

function endpoint(action: BoardAction, service: string, environment: string): string {
  return action === 'release'
    ? '/api/releases'
    : `/api/releases/${encodeURIComponent(service)}/${encodeURIComponent(environment)}/${action}`;
}

/**
 * One form per possible action. The board's JS posts them as JSON to the release API, adding who acts (from
 * one place), hides those the person may not use (data-allowed; the requester may stop their own release), and
 * shows the server's refusal verbatim.
 */
export function renderActionForms(
  source: BoardSource,
  service: string,
  environment: string,
  progress: ReleaseProgress | undefined,
): SafeHtml {
  const specs = actionsFor(progress);
  if (specs.length === 0) return html`<p>Nothing to decide while the release rolls back.</p>`;
  return html`<div class="actions">
    ${specs.map((spec) => {
      const id = `reason-${spec.action}`;
      const requester = spec.action === 'rollback' || spec.action === 'abort' ? (progress?.requestedBy ?? '') : '';
      return html`<form
        class="act"
        data-action="${spec.action}"
        data-url="${endpoint(spec.action, service, environment)}"
        data-service="${service}"
        data-environment="${environment}"
        data-allowed="${source.permittedPeople(service, environment, spec.action).join(' ')}"
        data-requester="${requester}"
      >
        ${
          spec.action === 'release'
            ? html`<label for="release-image">Image (optional; default: ${defaultImage(source, environment)})</label>
                <input id="release-image" name="image" />`
            : ''
        }
        <label for="${id}">Reason${spec.needsReason ? '' : ' (optional)'}</label>
        <input id="${id}" name="reason" ${spec.needsReason ? html`required aria-required="true"` : ''} />
        <button type="submit">${spec.label}</button>
      </form>`;
    })}
  </div>`;
}
