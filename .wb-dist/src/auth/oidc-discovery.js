"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.discoverProvider = discoverProvider;
/**
 * Reads `<issuer>/.well-known/openid-configuration`. The document must name the same issuer it was fetched for
 * (Discovery §4.3), otherwise a compromised or mistyped URL could hand us someone else's keys.
 */
async function discoverProvider(issuer, fetchFn = fetch) {
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let res;
    try {
        res = await fetchFn(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
    }
    catch (err) {
        throw new Error(`cannot read the OIDC discovery document at ${url}: ${err.message}`);
    }
    if (!res.ok)
        throw new Error(`the OIDC discovery document at ${url} answered ${res.status}`);
    const doc = (await res.json());
    if (doc.issuer !== issuer) {
        throw new Error(`the discovery document at ${url} names issuer "${doc.issuer}", not "${issuer}"`);
    }
    if (!doc.jwks_uri || !doc.token_endpoint)
        throw new Error(`the discovery document at ${url} has no jwks_uri`);
    return doc;
}
//# sourceMappingURL=oidc-discovery.js.map