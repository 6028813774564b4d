"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createTemporalAnswers = createTemporalAnswers;
const grpc_js_1 = require("@grpc/grpc-js");
/**
 * Statuses that do not prove the server spoke: the network or the client ended the call (no connection, no answer
 * in time, cancelled) or the transport broke. Anything else — OK, NOT_FOUND, ALREADY_EXISTS, a rejected update — is
 * an answer from a live Temporal.
 */
const NOT_AN_ANSWER = new Set([1 /* CANCELLED */, 2 /* UNKNOWN */, 4 /* DEADLINE_EXCEEDED */, 13 /* INTERNAL */, 14]);
function createTemporalAnswers(now = Date.now) {
    let lastAt = -Infinity;
    const interceptor = (options, nextCall) => new grpc_js_1.InterceptingCall(nextCall(options), {
        start(metadata, listener, next) {
            next(metadata, {
                onReceiveStatus(status, nextStatus) {
                    if (!NOT_AN_ANSWER.has(status.code))
                        lastAt = now();
                    nextStatus(status);
                },
            });
        },
    });
    return { interceptor, lastAt: () => lastAt };
}
//# sourceMappingURL=temporal-answers.js.map