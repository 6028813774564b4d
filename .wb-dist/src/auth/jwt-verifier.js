"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createJwtVerifier = createJwtVerifier;
const jose_1 = require("jose");
const identity_1 = require("./identity");
const oidc_discovery_1 = require("./oidc-discovery");
const when = (seconds) => typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : String(seconds);
/**
 * Verifies OIDC JWTs: keys from the issuer's JWKS (found by discovery, cached by jose and refetched when a token
 * names an unknown `kid`), an allow-list of asymmetric algorithms, issuer, audience, exp/nbf/iat with a small
 * skew. Every refusal is an AuthError whose reason says which check failed.
 */
function createJwtVerifier(options) {
    const { issuer, audience, algorithms, clockSkewMs } = options;
    const now = options.now ?? (() => new Date());
    let keys;
    const keySet = () => {
        keys ??= (0, oidc_discovery_1.discoverProvider)(issuer, options.fetch).then((meta) => (0, jose_1.createRemoteJWKSet)(new URL(meta.jwks_uri), {
            cooldownDuration: options.jwksCooldownMs ?? 30_000,
            cacheMaxAge: 10 * 60_000,
        }));
        // A failed discovery is retried on the next request instead of being cached forever.
        keys.catch(() => (keys = undefined));
        return keys;
    };
    /** Cheap checks on the unverified token, for a precise reason before any key is fetched. */
    function precheck(token) {
        let header;
        let payload;
        try {
            header = (0, jose_1.decodeProtectedHeader)(token);
            payload = (0, jose_1.decodeJwt)(token);
        }
        catch {
            throw new identity_1.AuthError('the bearer token is not a well-formed JWT');
        }
        if (!header.alg || header.alg.toLowerCase() === 'none')
            throw new identity_1.AuthError('unsigned token (alg "none") refused');
        if (!algorithms.includes(header.alg)) {
            throw new identity_1.AuthError(`token algorithm ${header.alg} is not allowed (allowed: ${algorithms.join(', ')})`);
        }
        if (payload.iss !== issuer)
            throw new identity_1.AuthError(`token issuer "${String(payload.iss)}" is not "${issuer}"`);
    }
    async function verify(token) {
        precheck(token);
        const jwks = await keySet().catch((err) => {
            throw new identity_1.AuthError(`cannot verify tokens right now: ${err.message}`);
        });
        const skew = Math.round(clockSkewMs / 1000);
        const currentDate = now();
        let payload;
        try {
            ({ payload } = await (0, jose_1.jwtVerify)(token, jwks, {
                issuer,
                audience,
                algorithms: [...algorithms],
                clockTolerance: skew,
                currentDate,
                requiredClaims: ['exp', 'sub'],
            }));
        }
        catch (err) {
            throw explain(err, token);
        }
        // jose checks iat only against a max age; a token issued in the future is not valid yet either.
        if (typeof payload.iat === 'number' && payload.iat > currentDate.getTime() / 1000 + skew) {
            throw new identity_1.AuthError(`token not yet valid: issued at ${when(payload.iat)}, in the future`);
        }
        return payload;
    }
    function explain(err, token) {
        const claims = () => (0, jose_1.decodeJwt)(token);
        if (err instanceof jose_1.errors.JWTExpired)
            return new identity_1.AuthError(`token expired at ${when(claims().exp)}`);
        if (err instanceof jose_1.errors.JWTClaimValidationFailed) {
            if (err.claim === 'nbf')
                return new identity_1.AuthError(`token not yet valid: not before ${when(claims().nbf)}`);
            if (err.claim === 'aud') {
                return new identity_1.AuthError(`token audience ${JSON.stringify(claims().aud)} does not include "${audience}"`);
            }
            if (err.claim === 'iss')
                return new identity_1.AuthError(`token issuer "${String(claims().iss)}" is not "${issuer}"`);
            return new identity_1.AuthError(`token claim "${err.claim}" is invalid: ${err.reason}`);
        }
        if (err instanceof jose_1.errors.JWKSNoMatchingKey) {
            const kid = (0, jose_1.decodeProtectedHeader)(token).kid;
            return new identity_1.AuthError(`no signing key "${kid ?? '(no kid)'}" in the issuer's JWKS, even after refreshing it`);
        }
        if (err instanceof jose_1.errors.JWKSMultipleMatchingKeys)
            return new identity_1.AuthError('token names no kid and the JWKS has several keys');
        if (err instanceof jose_1.errors.JWSSignatureVerificationFailed) {
            return new identity_1.AuthError('token signature is invalid (tampered, or signed by another key)');
        }
        if (err instanceof jose_1.errors.JOSEAlgNotAllowed)
            return new identity_1.AuthError(`token algorithm is not allowed: ${err.message}`);
        if (err instanceof jose_1.errors.JWKSTimeout)
            return new identity_1.AuthError("cannot verify tokens right now: the issuer's JWKS timed out");
        if (err instanceof jose_1.errors.JOSEError)
            return new identity_1.AuthError(`token refused: ${err.message}`);
        return new identity_1.AuthError(`token refused: ${err.message}`);
    }
    return { verify };
}
//# sourceMappingURL=jwt-verifier.js.map