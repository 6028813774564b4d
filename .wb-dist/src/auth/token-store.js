"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createTokenStore = createTokenStore;
const promises_1 = require("node:fs/promises");
const identity_1 = require("./identity");
const opaque_token_1 = require("./opaque-token");
const token_file_1 = require("./token-file");
/**
 * Looks presented tokens up by hash. Re-reads the file when it changes (a rotated Kubernetes Secret, or
 * `gantry token revoke`), so a revocation takes effect without a restart.
 */
function createTokenStore(path, now = () => new Date()) {
    let cached;
    async function entries() {
        // No store configured (an embedded server built without one): no Gantry token is known.
        if (!path)
            return new Map();
        const info = await (0, promises_1.stat)(path).catch((err) => {
            if (err.code === 'ENOENT')
                return undefined;
            throw err;
        });
        if (!info)
            return new Map();
        if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size)
            return cached.byHash;
        const file = await (0, token_file_1.readTokenFile)(path);
        // Lookup by the hash of a 256-bit random secret: equal-prefix timing tells an attacker nothing useful.
        const byHash = new Map(file.tokens.map((e) => [e.hash, e]));
        cached = { mtimeMs: info.mtimeMs, size: info.size, byHash };
        return byHash;
    }
    async function lookup(token) {
        const entry = (await entries()).get((0, opaque_token_1.hashToken)(token));
        if (!entry)
            throw new identity_1.AuthError('unknown Gantry token');
        if (entry.revokedAt)
            throw new identity_1.AuthError(`Gantry token "${entry.id}" was revoked at ${entry.revokedAt}`);
        if (entry.expiresAt && Date.parse(entry.expiresAt) <= now().getTime()) {
            throw new identity_1.AuthError(`Gantry token "${entry.id}" expired at ${entry.expiresAt}`);
        }
        return entry;
    }
    return { lookup };
}
//# sourceMappingURL=token-store.js.map