import { parseImageReference } from './image-reference';

/** One release that ended healthy: its image ran there, healthy, from `since`. */
export interface HealthyRun {
  image: string;
  /** When the release succeeded (ISO time). */
  since: string;
  workflowId: string;
}

/** Where a promoted release's image came from, as the release, the CLI and the card show it. */
export interface PromotionSource {
  /** The environment the image was tested in. */
  from: string;
  /** When it started running healthy there; absent for an override. */
  since?: string;
  /** An emergency override of the promotion rule: needs an emergency approval, even inside the window. */
  override?: { reason: string };
}

export type PromotionVerdict =
  { ok: true; image: string; source: PromotionSource } | { ok: false; status: 400 | 409; reason: string };

/** The digest when there is one (the same content under any tag or name), otherwise the reference itself. */
export function imageIdentity(ref: string): string {
  const parsed = parseImageReference(ref);
  return parsed.ok && parsed.image.digest ? parsed.image.digest : ref;
}

const sameImage = (a: string, b: string): boolean => imageIdentity(a) === imageIdentity(b);

/** "hello-node@sha256:0123456789ab": the repository's last segment and a short digest, for tables. */
export function shortNamedImage(ref: string): string {
  const parsed = parseImageReference(ref);
  if (!parsed.ok) return ref;
  const name = parsed.image.repository.split('/').at(-1) ?? parsed.image.repository;
  if (parsed.image.digest) return `${name}@${parsed.image.digest.slice(0, 19)}`;
  return `${name}:${parsed.image.tag ?? 'latest'}`;
}

/**
 * The promotion rule, shared by the API (refuses before anything starts) and anything else that asks: with no
 * image asked for, the release takes the one running healthy in the source environment (the newest healthy run);
 * an image asked for must have run healthy there at some point, unless the request is an override with a reason.
 *
 * `healthy` is the source environment's healthy runs, newest first.
 */
export function promotionVerdict(input: {
  service: string;
  environment: string;
  from: string;
  healthy: readonly HealthyRun[];
  image?: string;
  override?: { reason?: string };
}): PromotionVerdict {
  const { service, environment, from, healthy, image, override } = input;
  const current = healthy[0];
  const runningNow = current ? `; running healthy in ${from}: ${current.image} since ${current.since}` : '';
  if (override) {
    if (!image) return { ok: false, status: 400, reason: 'a promotion override names the image to release' };
    if (!override.reason?.trim()) {
      return { ok: false, status: 400, reason: 'a promotion override needs a reason (it is audited)' };
    }
    return { ok: true, image, source: { from, override: { reason: override.reason.trim() } } };
  }
  if (!image) {
    if (!current) {
      return {
        ok: false,
        status: 409,
        reason: `${environment} releases what was tested in ${from}, and no release of ${service} has succeeded in ${from} yet: release to ${from} first`,
      };
    }
    return { ok: true, image: current.image, source: { from, since: current.since } };
  }
  const run = healthy.find((r) => sameImage(r.image, image));
  if (!run) {
    return {
      ok: false,
      status: 409,
      reason:
        `${image} never ran healthy in ${from}, and ${environment} only releases what was tested there${runningNow}. ` +
        `Release it to ${from} first, or override with a reason (an emergency approver must approve)`,
    };
  }
  // The asked-for reference may be a tag of the tested digest: deploy exactly what ran.
  return { ok: true, image: run.image, source: { from, since: run.since } };
}
