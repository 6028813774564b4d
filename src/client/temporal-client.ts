import { Client, Connection } from '@temporalio/client';

export async function connectTemporal(opts: { address: string; namespace: string }): Promise<Client> {
  const connection = await Connection.connect({ address: opts.address });
  return new Client({ connection, namespace: opts.namespace });
}
