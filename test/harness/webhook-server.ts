import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createGantryClient } from '../../src/client/gantry-client';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import { createHttpServer } from '../../src/server/http-server';
import { testCatalog } from './catalog-fixture';
import { cleanupGitFixtures, makeTempDir } from './git-fixtures';
import { startDevServer, uniqueTaskQueue } from './temporal-env';

export interface WebhookServer {
  env: TestWorkflowEnvironment;
  server: Server;
  port: number;
  base: string;
  /** What the server logged (failures included). */
  logged: string[];
  /** Ids of the workflows started on this server's task queue, sorted. */
  workflowIds(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * The HTTP server against a real Temporal dev server with no worker: what a hook starts is accepted by Temporal
 * and waits for a worker, so tests see exactly what was started. Repos resolve under https://git.example.com/shop.
 */
export async function startWebhookServer(opts: {
  name: string;
  gitlabToken: string;
  githubSecret: string;
}): Promise<WebhookServer> {
  const env = await startDevServer();
  const taskQueue = uniqueTaskQueue(opts.name);
  const logged: string[] = [];
  const server = createHttpServer({
    gantry: createGantryClient(env.client, taskQueue),
    catalog: testCatalog(),
    logs: createFileLogStore(await makeTempDir()),
    gitlabToken: opts.gitlabToken,
    githubSecret: opts.githubSecret,
    repoBase: 'https://git.example.com/shop',
    log: (line) => logged.push(line),
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    env,
    server,
    port,
    base: `http://127.0.0.1:${port}`,
    logged,
    async workflowIds() {
      const ids: string[] = [];
      for await (const wf of env.client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) ids.push(wf.workflowId);
      return ids.sort();
    },
    async stop() {
      server.close();
      await env.teardown();
      await cleanupGitFixtures();
    },
  };
}
