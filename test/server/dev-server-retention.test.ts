import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { DEFAULT_RETENTION_DAYS, startDevServer, type DevServer } from '../../src/embedded/dev-server';
import { temporalBinary } from '../../src/embedded/temporal-binaries';
import { freePorts } from '../harness/free-port';
import { cleanupGitFixtures, makeTempDir } from '../harness/git-fixtures';

/** promoteFrom looks back through finished releases: the embedded server must keep them past the default day. */
describe('the embedded Temporal dev server', () => {
  let temporal: DevServer | undefined;

  afterAll(async () => {
    await temporal?.stop();
    await cleanupGitFixtures();
  });

  it('keeps finished workflows for 30 days, so a digest tested weeks ago can still be promoted', async () => {
    const [port, uiPort] = await freePorts(2);
    const logged: string[] = [];
    temporal = await startDevServer({
      binary: temporalBinary('cli'),
      dataDir: join(await makeTempDir('gantry-retention-'), 'temporal'),
      address: `127.0.0.1:${port}`,
      uiUrl: `http://127.0.0.1:${uiPort}`,
      log: (line) => logged.push(line),
    });
    const connection = await Connection.connect({ address: temporal.address });
    try {
      const { config } = await connection.workflowService.describeNamespace({ namespace: 'default' });
      expect(Number(config?.workflowExecutionRetentionTtl?.seconds)).toBe(DEFAULT_RETENTION_DAYS * 86_400);
    } finally {
      await connection.close();
    }
    expect(logged).toContainEqual(expect.stringContaining('keeps finished workflows for 30 days'));
  });
});
