import { readFileSync } from 'node:fs';
import {
  Client,
  Connection,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
  type TLSConfig,
} from '@temporalio/client';
import type { Settings } from '../config/settings';
import type { TemporalAnswers } from './temporal-answers';

/** mTLS to the Temporal frontend, from PEM files (mounted from a Secret in the chart). */
export function temporalTls(temporal: Settings['temporal']): TLSConfig | undefined {
  const tls = temporal.tls;
  if (!tls) return undefined;
  return {
    clientCertPair: { crt: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) },
    serverRootCACertificate: readFileSync(tls.caFile),
    serverNameOverride: tls.serverName,
  };
}

export async function connectTemporal(temporal: Settings['temporal']): Promise<Client> {
  const connection = await Connection.connect({ address: temporal.address, tls: temporalTls(temporal) });
  return new Client({ connection, namespace: temporal.namespace });
}

/**
 * A client that does not need Temporal to be up: the API server starts (answering 503 + Retry-After, /readyz not
 * ready) and recovers by itself when Temporal comes. `answers` sees every answer on the connection (the guard's
 * evidence that Temporal is up).
 */
export function lazyTemporalClient(temporal: Settings['temporal'], answers?: TemporalAnswers): Client {
  const connection = Connection.lazy({
    address: temporal.address,
    tls: temporalTls(temporal),
    // The SDK's retries first (outermost), so the observer sees each attempt.
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions()), ...(answers ? [answers.interceptor] : [])],
    // gRPC backs reconnects off up to 120 s: after a long outage the first answer could come minutes late.
    channelArgs: { 'grpc.initial_reconnect_backoff_ms': 500, 'grpc.max_reconnect_backoff_ms': 2000 },
  });
  return new Client({ connection, namespace: temporal.namespace });
}
