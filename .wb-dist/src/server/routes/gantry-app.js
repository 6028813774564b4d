"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.requireIdentity = requireIdentity;
const auth_handlers_1 = require("../../auth/auth-handlers");
const identity_1 = require("../../auth/identity");
const http_io_1 = require("../http-io");
/** One authentication per request, whichever of the guard and the handler asks first. */
const identities = new WeakMap();
/**
 * THE way a route learns who is calling: the bearer token's person (OIDC or a Gantry token) or, only in the
 * embedded loopback mode, the person the request names (`x-gantry-user`, or `namedPerson` from the body). Throws
 * 401 with the reason and a Bearer challenge. Reads (GET/HEAD) in the loopback mode may name nobody.
 */
async function requireIdentity(ctx, namedPerson) {
    const known = identities.get(ctx.req);
    // A named person may still have to be taken from the body when the guard only saw an anonymous read.
    if (known && !(namedPerson && known.person === undefined && known.via === 'loopback'))
        return known;
    const method = ctx.req.method ?? 'GET';
    try {
        const identity = await ctx.app.auth.authenticator.authenticate(ctx.req.headers, {
            remoteAddress: ctx.req.socket.remoteAddress,
            namedPerson,
            anonymousRead: method === 'GET' || method === 'HEAD',
        });
        identities.set(ctx.req, identity);
        return identity;
    }
    catch (err) {
        if (!(err instanceof identity_1.AuthError))
            throw err;
        const answer = (0, auth_handlers_1.unauthorized)(err);
        for (const [name, value] of Object.entries(answer.headers ?? {}))
            ctx.res.setHeader(name, value);
        throw new http_io_1.HttpError(401, err.reason);
    }
}
//# sourceMappingURL=gantry-app.js.map