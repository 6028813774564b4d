"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createLocalImageDigests = createLocalImageDigests;
const image_reference_1 = require("../../domain/image-reference");
const registry_digests_1 = require("../registry/registry-digests");
const image_store_1 = require("./image-store");
/**
 * The embedded image store as a digest resolver: a tag resolves to the digest the local builder recorded for it
 * (images/<service>/tags/<tag>), as a registry's manifest HEAD would. Only images of `registry` live there.
 */
function createLocalImageDigests(imagesDir, registry) {
    return {
        async pin(image) {
            if (image.digest)
                return image;
            const name = (0, image_reference_1.formatImageReference)(image);
            const service = image.repository.split('/').at(-1) ?? '';
            if (image.registry !== registry || !image.tag) {
                throw new registry_digests_1.ImageNotResolvable(`${name} is not in the embedded image store (${registry})`, true);
            }
            let recorded;
            try {
                recorded = await (0, image_store_1.resolveTag)(imagesDir, service, image.tag);
            }
            catch (err) {
                throw new registry_digests_1.ImageNotResolvable(`could not read the tag of ${name}: ${err.message}`, false);
            }
            const pinned = recorded ? (0, image_reference_1.parseImageReference)(recorded) : undefined;
            if (!pinned?.ok || !pinned.image.digest || pinned.image.repository !== image.repository) {
                throw new registry_digests_1.ImageNotResolvable(`${name} was never built here: no such tag in the embedded image store`, true);
            }
            return { ...image, digest: pinned.image.digest };
        },
    };
}
//# sourceMappingURL=local-image-digests.js.map