"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.issueToken = issueToken;
exports.revokeToken = revokeToken;
const node_crypto_1 = require("node:crypto");
const opaque_token_1 = require("./opaque-token");
const token_file_1 = require("./token-file");
/** Adds a token to the store and returns it: the only moment the token itself exists outside its holder. */
async function issueToken(path, spec, now = new Date()) {
    if ((spec.person === undefined) === (spec.service === undefined)) {
        throw new Error('bind the token to exactly one of --person or --service');
    }
    const file = await (0, token_file_1.readTokenFile)(path);
    const token = (0, opaque_token_1.generateToken)();
    const owner = (spec.person ?? spec.service ?? 'token').toLowerCase().replace(/[^a-z0-9_-]/g, '-');
    const entry = {
        id: `${owner}-${(0, node_crypto_1.randomBytes)(3).toString('hex')}`,
        hash: (0, opaque_token_1.hashToken)(token),
        person: spec.person,
        service: spec.service,
        roles: spec.roles ?? [],
        description: spec.description ?? '',
        createdAt: now.toISOString(),
        expiresAt: spec.expiresInMs === undefined ? undefined : new Date(now.getTime() + spec.expiresInMs).toISOString(),
    };
    await (0, token_file_1.writeTokenFile)(path, { tokens: [...file.tokens, entry] });
    return { token, entry };
}
/** Marks a token revoked (kept, so the audit trail still names it); the server re-reads the store. */
async function revokeToken(path, id, now = new Date()) {
    const file = await (0, token_file_1.readTokenFile)(path);
    const entry = file.tokens.find((t) => t.id === id);
    if (!entry)
        throw new Error(`no token "${id}" in ${path}`);
    entry.revokedAt ??= now.toISOString();
    await (0, token_file_1.writeTokenFile)(path, file);
    return entry;
}
//# sourceMappingURL=token-issuer.js.map