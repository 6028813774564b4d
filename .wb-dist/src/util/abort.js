"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.abortError = abortError;
/**
 * The error to throw when an operation's abort signal fires (activity cancelled, worker stopping): the abort reason
 * itself when it is an Error, so the caller sees why; otherwise an AbortError with the reason or the fallback.
 */
function abortError(signal, fallbackMessage = 'cancelled') {
    const reason = signal.reason;
    if (reason instanceof Error)
        return reason;
    const error = new Error(typeof reason === 'string' ? reason : fallbackMessage);
    error.name = 'AbortError';
    return error;
}
//# sourceMappingURL=abort.js.map