"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.AuthError = void 0;
/** Authentication failed: the API answers 401 with `reason`, which names what was wrong and never the secret. */
class AuthError extends Error {
    reason;
    status = 401;
    constructor(reason) {
        super(reason);
        this.reason = reason;
        this.name = 'AuthError';
    }
}
exports.AuthError = AuthError;
//# sourceMappingURL=identity.js.map