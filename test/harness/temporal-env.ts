import { Runtime, DefaultLogger, Worker, type WorkerOptions } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { resolve } from 'node:path';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes';
import { temporalBinary } from '../../src/embedded/temporal-binaries';

const WORKFLOW_BUNDLE = resolve(__dirname, '../.bundle/workflows.js');

let runtimeInstalled = false;
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger((process.env.GANTRY_TEST_LOG_LEVEL as 'WARN') ?? 'ERROR') });
}

/** The Temporal CLI dev server (real server, supports updates), with Gantry's search attributes registered. */
export async function startDevServer(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalBinary('cli') },
      ip: '127.0.0.1',
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      log: { format: 'pretty', level: 'error' },
    },
  });
}

/** The time-skipping test server: durable timers fire as soon as the workflow is only waiting on them. */
export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalBinary('test-server') } },
  });
  // The test server rejects upserts of unknown search attributes; it has no flag for them, but the operator API.
  const { IndexedValueType } = temporal.api.enums.v1;
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      ALL_SEARCH_ATTRIBUTES.map((k) => [
        k.name,
        k.type === 'DATETIME'
          ? IndexedValueType.INDEXED_VALUE_TYPE_DATETIME
          : IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      ]),
    ),
  });
  return env;
}

let queueCounter = 0;
/** A task queue unique to one test, named after it for readable histories. */
export function uniqueTaskQueue(name: string): string {
  return `${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}-${process.pid}-${++queueCounter}`;
}

export async function createTestWorker(
  env: TestWorkflowEnvironment,
  opts: Pick<WorkerOptions, 'taskQueue' | 'activities'> & Partial<WorkerOptions>,
): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    workflowBundle: { codePath: WORKFLOW_BUNDLE },
    ...opts,
  });
}
