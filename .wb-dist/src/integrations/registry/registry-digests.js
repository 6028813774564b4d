"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ImageNotResolvable = void 0;
exports.createRegistryDigests = createRegistryDigests;
const undici_1 = require("undici");
const image_reference_1 = require("../../domain/image-reference");
/** A tag the registry does not have, or a registry that refuses: a release cannot go ahead with this image. */
class ImageNotResolvable extends Error {
    permanent;
    constructor(message, 
    /** False for outages (5xx, network): worth retrying. */
    permanent) {
        super(message);
        this.permanent = permanent;
        this.name = 'ImageNotResolvable';
    }
}
exports.ImageNotResolvable = ImageNotResolvable;
const MANIFEST_TYPES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
/**
 * Resolves a tag to the digest the registry serves for it (distribution API: HEAD /v2/<name>/manifests/<tag>,
 * Docker-Content-Digest), with Basic or Bearer-token auth as the registry's challenge asks.
 */
function createRegistryDigests(options = {}) {
    const timeout = options.requestTimeoutMs ?? 15_000;
    async function head(url, authorization) {
        const res = await (0, undici_1.request)(url, {
            method: 'HEAD',
            headers: { accept: MANIFEST_TYPES, ...(authorization ? { authorization } : {}) },
            headersTimeout: timeout,
            bodyTimeout: timeout,
        });
        await res.body.dump();
        return res;
    }
    async function bearer(challenge, creds, scope) {
        const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
        if (!params['realm'])
            throw new ImageNotResolvable(`the registry's token challenge names no realm`, true);
        const url = new URL(params['realm']);
        if (params['service'])
            url.searchParams.set('service', params['service']);
        url.searchParams.set('scope', params['scope'] ?? scope);
        const res = await (0, undici_1.request)(url, {
            headers: creds ? { authorization: basic(creds) } : {},
            headersTimeout: timeout,
            bodyTimeout: timeout,
        });
        if (res.statusCode !== 200) {
            await res.body.dump();
            throw new ImageNotResolvable(`the registry's token service answered HTTP ${res.statusCode}`, res.statusCode < 500);
        }
        const body = (await res.body.json());
        const token = body.token ?? body.access_token;
        if (!token)
            throw new ImageNotResolvable(`the registry's token service returned no token`, true);
        return `Bearer ${token}`;
    }
    return {
        /** The image pinned by digest (the tag kept for readers); an image that has a digest is returned as it is. */
        async pin(image) {
            if (image.digest)
                return image;
            if (!image.tag)
                throw new ImageNotResolvable(`${(0, image_reference_1.formatImageReference)(image)} names no tag to resolve`, true);
            const host = image.registry === 'docker.io' ? 'registry-1.docker.io' : image.registry;
            const scheme = options.plainHttp?.includes(image.registry) ? 'http' : 'https';
            const url = `${scheme}://${host}/v2/${image.repository}/manifests/${encodeURIComponent(image.tag)}`;
            const creds = options.credentials?.(image.registry);
            const name = (0, image_reference_1.formatImageReference)(image);
            try {
                let res = await head(url, creds && basic(creds));
                const challenge = String(res.headers['www-authenticate'] ?? '');
                if (res.statusCode === 401 && /^bearer /i.test(challenge)) {
                    res = await head(url, await bearer(challenge, creds, `repository:${image.repository}:pull`));
                }
                if (res.statusCode === 404)
                    throw new ImageNotResolvable(`${name} does not exist in the registry`, true);
                if (res.statusCode === 401 || res.statusCode === 403) {
                    throw new ImageNotResolvable(`the registry refused access to ${name} (HTTP ${res.statusCode})`, true);
                }
                if (res.statusCode !== 200) {
                    throw new ImageNotResolvable(`the registry answered HTTP ${res.statusCode} for ${name}`, res.statusCode < 500);
                }
                const digest = String(res.headers['docker-content-digest'] ?? '');
                if (!/^sha256:[0-9a-f]{64}$/.test(digest)) {
                    throw new ImageNotResolvable(`the registry gave no sha256 digest for ${name}`, true);
                }
                return { ...image, digest };
            }
            catch (err) {
                if (err instanceof ImageNotResolvable)
                    throw err;
                throw new ImageNotResolvable(`could not reach the registry for ${name}: ${err.message}`, false);
            }
        },
    };
}
const basic = (c) => `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
//# sourceMappingURL=registry-digests.js.map