import { loadCatalog } from '../config/load-catalog';
import { loadSettings } from '../config/settings';
import { createGantryMetrics } from '../metrics/registry';
import { runMain } from '../run-main';
import { createWorkerDependencies } from './worker-dependencies';
import { installRuntime, startWorkerProcess } from './worker-process';

const log = (line: string) => process.stdout.write(`${line}\n`);

/** A worker process on its own (the Helm chart's worker Deployments), against an existing Temporal cluster. */
async function main(): Promise<void> {
  const settings = loadSettings(process.env);
  installRuntime(settings);
  const catalog = await loadCatalog(settings.catalogPath);
  const deps = createWorkerDependencies(settings, catalog);
  const { worker, close } = await startWorkerProcess({
    settings,
    deps,
    metrics: createGantryMetrics({ processMetrics: true }),
    log,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
  await worker.run();
  await close();
  await deps.stop();
}

runMain(main);
