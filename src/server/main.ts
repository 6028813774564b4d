import { join } from 'node:path';
import { createGantryClient } from '../client/gantry-client';
import { connectTemporal } from '../client/temporal-client';
import { ConfigError, loadCatalog } from '../config/load-catalog';
import { loadSettings } from '../config/settings';
import { createFileLogStore } from '../integrations/log/file-log-store';
import { createFeishuRoute } from './feishu-route';
import { createHttpServer } from './http-server';

/** The webhook/API server on its own (the Helm chart's server Deployment). */
async function main(): Promise<void> {
  const settings = loadSettings(process.env);
  const catalog = await loadCatalog(settings.catalogPath);
  const client = await connectTemporal(settings.temporal);
  const gantry = createGantryClient(client, settings.temporal.taskQueue, { buildTaskQueue: settings.buildTaskQueue });
  const server = createHttpServer({
    gantry,
    catalog,
    logs: createFileLogStore(join(settings.dataDir, 'logs')),
    gitlabToken: settings.gitlabToken,
    githubSecret: settings.integrations.githubSecret,
    feishuCallback: createFeishuRoute(settings, catalog, gantry),
    repoBase: settings.repoBase,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  server.listen(settings.http.port, settings.http.host);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => server.close(() => void client.connection.close()));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err))}\n`);
  process.exit(1);
});
