"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.vetImageForRelease = vetImageForRelease;
exports.checkImageForRelease = checkImageForRelease;
const image_reference_1 = require("./image-reference");
/** Environments that require digest-pinned images unless the catalog says otherwise. */
const DIGEST_BY_DEFAULT = ['pre', 'prod'];
/** The registries a release to `environment` may pull from. */
function allowedRegistries(catalog, environment) {
    return catalog.environments[environment]?.allowedRegistries ?? catalog.allowedRegistries ?? [catalog.registry];
}
/** Whether releases to `environment` must name (or be resolved to) an image digest. */
function requiresDigest(catalog, environment) {
    return catalog.environments[environment]?.requireDigest ?? DIGEST_BY_DEFAULT.includes(environment);
}
/**
 * Everything that can be said about an image for a release without asking the registry: the OCI grammar, an
 * allowed registry, and whether a digest must still be resolved (a tag where the environment requires digests).
 */
function vetImageForRelease(ref, catalog, environment) {
    if (!catalog.environments[environment])
        return { ok: false, reason: `unknown environment "${environment}"` };
    const parsed = (0, image_reference_1.parseImageReference)(ref);
    if (!parsed.ok)
        return parsed;
    const { image } = parsed;
    const allowed = allowedRegistries(catalog, environment);
    if (!allowed.includes(image.registry)) {
        return {
            ok: false,
            reason: `registry ${image.registry} is not allowed for ${environment}; allowed: ${allowed.join(', ')}`,
        };
    }
    if (!image.tag && !image.digest) {
        return { ok: false, reason: `image ${ref} names neither a tag nor a digest; "latest" is never implied` };
    }
    return { ok: true, image, needsDigest: requiresDigest(catalog, environment) && !image.digest };
}
/**
 * The refusal reason for releasing `ref` to `env`, or undefined when it may go ahead. A tag where a digest is
 * required passes here: the release resolves it at the registry before anything changes (resolveReleaseImage).
 */
function checkImageForRelease(ref, catalog, env) {
    const check = vetImageForRelease(ref, catalog, env);
    return check.ok ? undefined : check.reason;
}
//# sourceMappingURL=image-policy.js.map