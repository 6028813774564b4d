"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.describeIdentity = describeIdentity;
exports.unauthorized = unauthorized;
exports.handleWhoAmI = handleWhoAmI;
exports.handleAuthConfig = handleAuthConfig;
const identity_1 = require("./identity");
/** What the caller is, for `gantry whoami`: the catalog person (with catalog roles) or the service account. */
function describeIdentity(identity, catalog) {
    const person = identity.person ? catalog.people[identity.person] : undefined;
    return {
        subject: identity.subject,
        person: identity.person,
        name: person?.name,
        service: identity.service,
        via: identity.via,
        roles: identity.roles ?? person?.roles ?? [],
    };
}
/** 401 with the reason and the RFC 6750 challenge, so clients know a bearer token is expected. */
function unauthorized(err) {
    return {
        status: 401,
        body: { error: err.reason },
        // RFC 6750: error_description is printable ASCII without '"' or backslash; the reason may quote a name from the
        // request (any Unicode), which Node refuses in a header (ERR_INVALID_CHAR, a 500 instead of this 401).
        headers: {
            'www-authenticate': `Bearer error="invalid_token", error_description="${err.reason.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '?')}"`,
        },
    };
}
/** GET /api/whoami (guarded like every API route). */
async function handleWhoAmI(authenticator, catalog, headers, remoteAddress) {
    try {
        return {
            status: 200,
            body: describeIdentity(await authenticator.authenticate(headers, { remoteAddress }), catalog),
        };
    }
    catch (err) {
        if (err instanceof identity_1.AuthError)
            return unauthorized(err);
        throw err;
    }
}
/** GET /api/auth/config (public): what `gantry login` needs to start the device flow; no secrets in it. */
function handleAuthConfig(settings) {
    const { auth } = settings;
    return {
        status: 200,
        body: {
            mode: auth.mode,
            issuer: auth.oidc?.issuer,
            audience: auth.oidc?.audience,
            clientId: auth.cli.clientId,
            scopes: auth.cli.scopes,
        },
    };
}
//# sourceMappingURL=auth-handlers.js.map