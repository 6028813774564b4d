"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.bearerToken = bearerToken;
const identity_1 = require("./identity");
/** The token of `Authorization: Bearer <token>`, undefined without the header; a malformed one is refused. */
function bearerToken(headers) {
    const raw = headers.authorization;
    if (raw === undefined)
        return undefined;
    // Two Authorization headers could be read differently by a proxy and by us: refuse instead of choosing.
    if (Array.isArray(raw))
        throw new identity_1.AuthError('more than one Authorization header');
    const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(raw);
    if (!match?.[1])
        throw new identity_1.AuthError('the Authorization header must be "Bearer <token>"');
    return match[1];
}
//# sourceMappingURL=bearer-token.js.map