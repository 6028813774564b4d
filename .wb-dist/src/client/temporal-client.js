"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.temporalTls = temporalTls;
exports.connectTemporal = connectTemporal;
exports.lazyTemporalClient = lazyTemporalClient;
const node_fs_1 = require("node:fs");
const client_1 = require("@temporalio/client");
/** mTLS to the Temporal frontend, from PEM files (mounted from a Secret in the chart). */
function temporalTls(temporal) {
    const tls = temporal.tls;
    if (!tls)
        return undefined;
    return {
        clientCertPair: { crt: (0, node_fs_1.readFileSync)(tls.certFile), key: (0, node_fs_1.readFileSync)(tls.keyFile) },
        serverRootCACertificate: (0, node_fs_1.readFileSync)(tls.caFile),
        serverNameOverride: tls.serverName,
    };
}
async function connectTemporal(temporal) {
    const connection = await client_1.Connection.connect({ address: temporal.address, tls: temporalTls(temporal) });
    return new client_1.Client({ connection, namespace: temporal.namespace });
}
/**
 * A client that does not need Temporal to be up: the API server starts (answering 503 + Retry-After, /readyz not
 * ready) and recovers by itself when Temporal comes. `answers` sees every answer on the connection (the guard's
 * evidence that Temporal is up).
 */
function lazyTemporalClient(temporal, answers) {
    const connection = client_1.Connection.lazy({
        address: temporal.address,
        tls: temporalTls(temporal),
        // The SDK's retries first (outermost), so the observer sees each attempt.
        interceptors: [(0, client_1.makeGrpcRetryInterceptor)((0, client_1.defaultGrpcRetryOptions)()), ...(answers ? [answers.interceptor] : [])],
        // gRPC backs reconnects off up to 120 s: after a long outage the first answer could come minutes late.
        channelArgs: { 'grpc.initial_reconnect_backoff_ms': 500, 'grpc.max_reconnect_backoff_ms': 2000 },
    });
    return new client_1.Client({ connection, namespace: temporal.namespace });
}
//# sourceMappingURL=temporal-client.js.map