"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.isRegistryHost = void 0;
exports.parseImageReference = parseImageReference;
exports.formatImageReference = formatImageReference;
const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainAndPort = `(?:${domainName}|${ipv6})(?::[0-9]+)?`;
const tagPattern = '[\\w][\\w.-]{0,127}';
const digestPattern = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${domainAndPort}/)?${pathComponent}(?:/${pathComponent})*)(?::(${tagPattern}))?(?:@(${digestPattern}))?$`);
const DOMAIN = new RegExp(`^${domainAndPort}$`);
const REPOSITORY = new RegExp(`^${pathComponent}(?:/${pathComponent})*$`);
const NAME_MAX = 255;
/** Digest algorithms with a fixed length that registries accept; anything else is refused rather than guessed. */
const DIGEST_HEX = { sha256: 64, sha384: 96, sha512: 128 };
/** Parses and validates `ref`; the reason names what is wrong, without echoing more of the input than needed. */
function parseImageReference(ref) {
    if (typeof ref !== 'string' || ref.length === 0)
        return { ok: false, reason: 'the image reference is empty' };
    if (ref.length > NAME_MAX + 1 + 128 + 1 + 7 + 128)
        return { ok: false, reason: 'the image reference is too long' };
    const m = REFERENCE.exec(ref);
    if (!m) {
        const hint = /[A-Z]/.test(ref.split(/[:@]/)[0]?.split('/').slice(1).join('/') ?? '')
            ? ' (repository paths are lowercase)'
            : '';
        return { ok: false, reason: `${JSON.stringify(clip(ref))} is not a valid image reference${hint}` };
    }
    const [, name = '', tag, digest] = m;
    if (name.length > NAME_MAX)
        return { ok: false, reason: `the repository name is longer than ${NAME_MAX} characters` };
    if (digest) {
        const [algorithm = '', hex = ''] = digest.split(':');
        const length = DIGEST_HEX[algorithm];
        if (!length)
            return { ok: false, reason: `unsupported digest algorithm "${clip(algorithm)}"` };
        if (hex.length !== length || !/^[0-9a-f]+$/.test(hex)) {
            return { ok: false, reason: `a ${algorithm} digest is ${length} lowercase hex digits` };
        }
    }
    const slash = name.indexOf('/');
    const first = slash < 0 ? '' : name.slice(0, slash);
    // Docker's rule: the first component names a registry when it looks like a host, not like a path.
    const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost' || /[A-Z]/.test(first));
    const registry = hasDomain ? first : 'docker.io';
    const repository = hasDomain ? name.slice(slash + 1) : name;
    if (!REPOSITORY.test(repository))
        return { ok: false, reason: `"${clip(repository)}" is not a valid repository path` };
    return { ok: true, image: { registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) } };
}
/** The canonical text of a reference: registry/repository[:tag][@digest]. */
function formatImageReference(image) {
    return `${image.registry}/${image.repository}${image.tag ? `:${image.tag}` : ''}${image.digest ? `@${image.digest}` : ''}`;
}
/** Whether `host` is a registry host[:port] by the same grammar (for catalog entries). */
const isRegistryHost = (host) => DOMAIN.test(host) && host.length <= 253 + 6;
exports.isRegistryHost = isRegistryHost;
/** Input can be anything (an API body, a webhook): never echo kilobytes of it into an error. */
function clip(text) {
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
//# sourceMappingURL=image-reference.js.map