"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.packageRepository = exports.PACKAGE_FILE_NAME = exports.PACKAGE_LAYER_MEDIA_TYPE = exports.PACKAGE_ARTIFACT_TYPE = exports.ARTIFACT_KINDS = void 0;
exports.artifactKindOf = artifactKindOf;
/**
 * What CI hands a release: a container image, or a package (the build output and its start.sh as one tar.gz,
 * stored as an OCI artifact). Both are pinned the same way, `<registry>/<repository>@sha256:…`; a package lives
 * in the registry's `packages/` namespace, so its kind is read off the reference wherever a reference travels
 * (releases, promotions, rollbacks, the GitOps file) without a second field to keep in step.
 */
exports.ARTIFACT_KINDS = ['image', 'package'];
/** The OCI artifactType of a Gantry package manifest, and the media type of its one layer. */
exports.PACKAGE_ARTIFACT_TYPE = 'application/vnd.gantry.package.v1+tar';
exports.PACKAGE_LAYER_MEDIA_TYPE = 'application/vnd.gantry.package.layer.v1.tar+gzip';
/** The layer's file name inside the artifact (its org.opencontainers.image.title). */
exports.PACKAGE_FILE_NAME = 'package.tar.gz';
const PACKAGES_NAMESPACE = 'packages';
/** Where a service's packages are pushed: beside its images, in the same registry. */
const packageRepository = (registry, service) => `${registry}/${PACKAGES_NAMESPACE}/${service}`;
exports.packageRepository = packageRepository;
/** The kind of a pinned (or tagged) reference: a package when its repository is `<registry>/packages/<service>`. */
function artifactKindOf(reference) {
    const at = reference.indexOf('@');
    const named = at < 0 ? reference : reference.slice(0, at);
    const segments = named.split('/');
    return segments.length >= 3 && segments[segments.length - 2] === PACKAGES_NAMESPACE ? 'package' : 'image';
}
//# sourceMappingURL=artifact-kind.js.map