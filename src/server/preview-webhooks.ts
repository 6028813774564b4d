import { DEADLINE_PASSED, withinDeadline } from './deadline';
import type { MergeRequestEvent } from './gitlab-merge-request';
import { HttpError } from './http-io';
import { servicesOfRepo } from './push-routing';
import type { HookResponse, WebhookDeps } from './push-webhooks';

/**
 * A merge request event → one preview workflow per service of that repository that allows previews (signalled,
 * or started if none runs). The workflow ignores a commit it already runs, so a redelivery builds nothing twice.
 */
export async function startPreviews(
  deps: WebhookDeps,
  event: MergeRequestEvent,
  delivery: string | undefined,
  deadlineMs: number,
): Promise<HookResponse> {
  const allowed = deps.catalog.previews?.services ?? [];
  const services = servicesOfRepo(deps.catalog, deps.repoBase, event)
    .map(([name]) => name)
    .filter((name) => allowed.includes(name));
  if (services.length === 0) {
    const what = event.pathWithNamespace ?? event.repoUrls.find(Boolean) ?? '?';
    return { status: 202, body: { ignored: `no service of ${what.slice(0, 200)} has previews`, delivery } };
  }
  const request = {
    action: event.action,
    commit: event.commit,
    branch: event.branch,
    by: event.by,
    reason: event.reason,
  };
  let started;
  try {
    started = await withinDeadline(
      Promise.all(services.map((service) => deps.gantry.requestPreview(service, event.iid, request))),
      deadlineMs,
    );
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new HttpError(503, `could not start the preview, retry later: ${reason}`);
  }
  if (started === DEADLINE_PASSED)
    throw new HttpError(503, `Temporal did not answer within ${deadlineMs} ms, retry later`);
  deps.log?.(
    `[gantry] gitlab merge request !${event.iid} ${event.reason} (${event.branch}) by ${event.by}: ${started.map((s) => s.workflowId).join(', ')}`,
  );
  return { status: 202, body: { previews: started, delivery } };
}
