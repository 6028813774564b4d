"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createAuthenticator = createAuthenticator;
const bearer_token_1 = require("./bearer-token");
const identity_1 = require("./identity");
const jwt_verifier_1 = require("./jwt-verifier");
const loopback_1 = require("./loopback");
const opaque_token_1 = require("./opaque-token");
const person_lookup_1 = require("./person-lookup");
const token_store_1 = require("./token-store");
/**
 * Decides who is calling. Bearer tokens are always verified (a `gty_` token against the hashed store, anything
 * else as an OIDC JWT). Without one, only the embedded all-in-one bound to loopback trusts a named person; in the
 * shared (oidc) mode the request is refused. Throws AuthError (→ 401) with the reason.
 */
function createAuthenticator(deps) {
    const { auth, http } = deps.settings;
    const now = deps.now ?? (() => new Date());
    if (auth.mode === 'embedded-loopback' && !(0, loopback_1.isLoopbackHost)(http.host)) {
        throw new Error(`GANTRY_AUTH_MODE=embedded-loopback trusts the person a request names, so the API must listen on loopback only, ` +
            `but GANTRY_HTTP_HOST is ${http.host}: set GANTRY_AUTH_MODE=oidc with GANTRY_AUTH_ISSUER and GANTRY_AUTH_AUDIENCE for a shared installation`);
    }
    const oidc = auth.oidc;
    const jwt = oidc
        ? (0, jwt_verifier_1.createJwtVerifier)({ ...oidc, fetch: deps.fetch, now, jwksCooldownMs: deps.jwksCooldownMs })
        : undefined;
    const tokens = (0, token_store_1.createTokenStore)(auth.tokenStorePath, now);
    const trustsNamedIdentity = auth.mode === 'embedded-loopback';
    async function fromBearer(token) {
        if ((0, opaque_token_1.isOpaqueToken)(token)) {
            const entry = await tokens.lookup(token);
            if (entry.person !== undefined) {
                if (!Object.hasOwn(deps.catalog.people, entry.person)) {
                    throw new identity_1.AuthError(`Gantry token "${entry.id}" belongs to "${entry.person}", who is not in the catalog`);
                }
                return { subject: `token:${entry.id}`, person: entry.person, via: 'token' };
            }
            return {
                subject: `token:${entry.id}`,
                person: undefined,
                service: entry.service,
                via: 'token',
                roles: entry.roles,
            };
        }
        if (!jwt || !oidc)
            throw new identity_1.AuthError('OIDC tokens are not accepted here (no GANTRY_AUTH_ISSUER configured)');
        const claims = await jwt.verify(token);
        const value = claims[oidc.claim];
        const person = (0, person_lookup_1.findPerson)(deps.catalog, oidc.personField, value);
        if (!person) {
            throw new identity_1.AuthError(typeof value === 'string'
                ? `${oidc.claim} "${value}" matches no person in the catalog (by ${oidc.personField})`
                : `token has no "${oidc.claim}" claim to find the person by`);
        }
        // RFC 9068 access tokens name their client in client_id; ID-token-shaped ones in azp.
        const client = claims.client_id ?? claims.azp;
        const identity = { subject: `oidc:${claims.sub}`, person, via: 'oidc' };
        if (client === auth.cli.clientId)
            identity.cliLogin = true;
        return identity;
    }
    async function authenticate(headers, ctx = {}) {
        const token = (0, bearer_token_1.bearerToken)(headers);
        if (token !== undefined)
            return fromBearer(token);
        if (!trustsNamedIdentity)
            throw new identity_1.AuthError('no bearer token: run "gantry login" or set GANTRY_TOKEN');
        if (ctx.remoteAddress !== undefined && !(0, loopback_1.isLoopbackHost)(ctx.remoteAddress)) {
            throw new identity_1.AuthError(`named identities are trusted only from loopback, not from ${ctx.remoteAddress}`);
        }
        const header = headers[loopback_1.NAMED_USER_HEADER];
        const named = (Array.isArray(header) ? undefined : header) ?? ctx.namedPerson;
        if (!named && ctx.anonymousRead)
            return { subject: 'loopback:anonymous', person: undefined, via: 'loopback' };
        if (!named)
            throw new identity_1.AuthError('who are you? pass --as <person id> or set GANTRY_USER');
        if (!Object.hasOwn(deps.catalog.people, named))
            throw new identity_1.AuthError(`"${named}" is not a person in the catalog`);
        return { subject: `loopback:${named}`, person: named, via: 'loopback' };
    }
    /** One line for the server's start-up log: which mode is active and what it trusts. */
    function describe() {
        const parts = [
            trustsNamedIdentity
                ? `auth: embedded-loopback — the API on ${http.host} trusts the person a request names (--as); not for shared use`
                : `auth: oidc — every API call needs a bearer token`,
        ];
        if (oidc)
            parts.push(`OIDC issuer ${oidc.issuer}, audience ${oidc.audience}, person by ${oidc.claim}→${oidc.personField}`);
        parts.push(`tokens from ${auth.tokenStorePath}`);
        return parts.join('; ');
    }
    return { authenticate, describe, mode: auth.mode, trustsNamedIdentity };
}
//# sourceMappingURL=authenticator.js.map