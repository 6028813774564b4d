import { readFileSync } from 'node:fs';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import type { Settings } from '../config/settings';

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
