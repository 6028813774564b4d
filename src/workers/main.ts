import { NativeConnection } from '@temporalio/worker';
import { ConfigError, loadCatalog } from '../config/load-catalog';
import { loadSettings } from '../config/settings';
import { createGantryWorker } from './create-worker';
import { createEmbeddedDependencies } from './embedded-dependencies';

/** A worker process on its own (the Helm chart's worker Deployment), against an existing Temporal cluster. */
async function main(): Promise<void> {
  const settings = loadSettings(process.env);
  const catalog = await loadCatalog(settings.catalogPath);
  const deps = createEmbeddedDependencies(settings, catalog);
  const connection = await NativeConnection.connect({ address: settings.temporal.address });
  const worker = await createGantryWorker({
    connection,
    namespace: settings.temporal.namespace,
    taskQueue: settings.temporal.taskQueue,
    deps,
    maxConcurrentActivityTaskExecutions: settings.maxConcurrentActivities,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
  await worker.run();
  await deps.stop();
  await connection.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err))}\n`);
  process.exit(1);
});
