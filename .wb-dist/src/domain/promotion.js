"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.imageIdentity = imageIdentity;
exports.shortNamedImage = shortNamedImage;
exports.promotionVerdict = promotionVerdict;
const image_reference_1 = require("./image-reference");
/** The digest when there is one (the same content under any tag or name), otherwise the reference itself. */
function imageIdentity(ref) {
    const parsed = (0, image_reference_1.parseImageReference)(ref);
    return parsed.ok && parsed.image.digest ? parsed.image.digest : ref;
}
const sameImage = (a, b) => imageIdentity(a) === imageIdentity(b);
/** "hello-node@sha256:0123456789ab": the repository's last segment and a short digest, for tables. */
function shortNamedImage(ref) {
    const parsed = (0, image_reference_1.parseImageReference)(ref);
    if (!parsed.ok)
        return ref;
    const name = parsed.image.repository.split('/').at(-1) ?? parsed.image.repository;
    if (parsed.image.digest)
        return `${name}@${parsed.image.digest.slice(0, 19)}`;
    return `${name}:${parsed.image.tag ?? 'latest'}`;
}
/**
 * The promotion rule, shared by the API (refuses before anything starts) and anything else that asks: with no
 * image asked for, the release takes the one running healthy in the source environment (the newest healthy run);
 * an image asked for must have run healthy there at some point, unless the request is an override with a reason.
 *
 * `healthy` is the source environment's healthy runs, newest first.
 */
function promotionVerdict(input) {
    const { service, environment, from, healthy, image, override } = input;
    const current = healthy[0];
    const runningNow = current ? `; running healthy in ${from}: ${current.image} since ${current.since}` : '';
    if (override) {
        if (!image)
            return { ok: false, status: 400, reason: 'a promotion override names the image to release' };
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
            reason: `${image} never ran healthy in ${from}, and ${environment} only releases what was tested there${runningNow}. ` +
                `Release it to ${from} first, or override with a reason (an emergency approver must approve)`,
        };
    }
    // The asked-for reference may be a tag of the tested digest: deploy exactly what ran.
    return { ok: true, image: run.image, source: { from, since: run.since } };
}
//# sourceMappingURL=promotion.js.map