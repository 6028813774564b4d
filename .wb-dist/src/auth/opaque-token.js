"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.isOpaqueToken = void 0;
exports.generateToken = generateToken;
exports.hashToken = hashToken;
const node_crypto_1 = require("node:crypto");
/** Prefix of Gantry's own tokens: tells them from JWTs, and lets secret scanners recognise a leaked one. */
const TOKEN_PREFIX = 'gty_';
/** 32 random bytes: unguessable, so a fast hash (not a password KDF) is enough to store it safely. */
function generateToken() {
    return `${TOKEN_PREFIX}${(0, node_crypto_1.randomBytes)(32).toString('base64url')}`;
}
function hashToken(token) {
    return `sha256:${(0, node_crypto_1.createHash)('sha256').update(token, 'utf8').digest('hex')}`;
}
const isOpaqueToken = (token) => token.startsWith(TOKEN_PREFIX);
exports.isOpaqueToken = isOpaqueToken;
//# sourceMappingURL=opaque-token.js.map