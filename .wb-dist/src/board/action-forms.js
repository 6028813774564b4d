"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.renderActionForms = renderActionForms;
const release_status_1 = require("../domain/release-status");
const html_1 = require("./html");
const RELEASE = { action: 'release', label: 'Release', needsReason: false };
const DECISION_FORMS = {
    approve: { action: 'approve', label: 'Approve emergency release', needsReason: true },
    promote: { action: 'promote', label: 'Promote to full', needsReason: false },
    rollback: { action: 'rollback', label: 'Roll back', needsReason: true },
    abort: { action: 'abort', label: 'Abort', needsReason: true },
};
/** What can be done in a release's current state (who may do it is the workflow's call; see data-allowed). */
function actionsFor(progress) {
    if (!progress || !(0, release_status_1.isInProgress)(progress.status))
        return [RELEASE];
    return (0, release_status_1.decisionsFor)(progress.status).map((decision) => DECISION_FORMS[decision]);
}
function endpoint(action, service, environment) {
    return action === 'release'
        ? '/api/releases'
        : `/api/releases/${encodeURIComponent(service)}/${encodeURIComponent(environment)}/${action}`;
}
/**
 * One form per possible action. The board's JS posts them as JSON to the release API, adding who acts (from
 * one place), hides those the person may not use (data-allowed; the requester may stop their own release), and
 * shows the server's refusal verbatim.
 */
function renderActionForms(source, service, environment, progress) {
    const specs = actionsFor(progress);
    if (specs.length === 0)
        return (0, html_1.html) `<p>Nothing to decide while the release rolls back.</p>`;
    return (0, html_1.html) `<div class="actions">
    ${specs.map((spec) => {
        const id = `reason-${spec.action}`;
        const requester = spec.action === 'rollback' || spec.action === 'abort' ? (progress?.requestedBy ?? '') : '';
        return (0, html_1.html) `<form
        class="act"
        data-action="${spec.action}"
        data-url="${endpoint(spec.action, service, environment)}"
        data-service="${service}"
        data-environment="${environment}"
        data-allowed="${source.permittedPeople(service, environment, spec.action).join(' ')}"
        data-requester="${requester}"
      >
        ${spec.action === 'release'
            ? (0, html_1.html) `<label for="release-image">Image (optional; default: the latest build)</label>
                <input id="release-image" name="image" />`
            : ''}
        <label for="${id}">Reason${spec.needsReason ? '' : ' (optional)'}</label>
        <input id="${id}" name="reason" ${spec.needsReason ? (0, html_1.html) `required aria-required="true"` : ''} />
        <button type="submit">${spec.label}</button>
      </form>`;
    })}
  </div>`;
}
//# sourceMappingURL=action-forms.js.map