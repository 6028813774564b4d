import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import { trivyBinary } from '../../src/integrations/trivy/trivy-binary';
import { createTrivyScanner } from '../../src/integrations/trivy/trivy-scanner';
import type { ImageScanRequest } from '../../src/ports/image-scanner';

/** The real trivy (scripts/build-trivy.sh), offline: no database is ever downloaded, secrets need none. */
const trivy = trivyBinary(undefined);
const io = { signal: new AbortController().signal, heartbeat: () => undefined };
// A private key and an AWS-shaped key id, as a careless commit would leave them in an image.
const PRIVATE_KEY = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEpAIBAAKCAQEAx7xPmb8ZkA3kF1yYm0oS3s2YbVqH9nQkq3Tt1sM7o0d3bGfJ',
  'q3Ue8W2lQm1r5Qx9yZc7Hf0pJ3Wk8LrT6vN2bB1sXc4Yd5Ee6Ff7Gg8Hh9Ii0Jj1',
  '-----END RSA PRIVATE KEY-----',
  '',
].join('\n');

let root: string;
let rootfs: string;
const request = (overrides: Partial<ImageScanRequest> = {}): ImageScanRequest => ({
  executionId: 'wf/scan',
  service: 'svc',
  image: 'registry.gantry.local/svc@sha256:' + 'a'.repeat(64),
  scanners: ['vuln', 'secret'],
  timeoutMs: 120_000,
  logId: 'wf/scan',
  ...overrides,
});

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'gantry-trivy-test-'));
  rootfs = path.join(root, 'image');
  await mkdir(path.join(rootfs, 'start_env', 'project', 'config'), { recursive: true });
  await writeFile(path.join(rootfs, 'start_env', 'start.sh'), '#!/usr/bin/env bash\nexec php -S 0.0.0.0:8080\n');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

test('trivy is built by the set-up', () => {
  expect(existsSync(trivy)).toBe(true);
});

test('finds planted secrets offline, skips the vulnerability scan without a database, and says so', async () => {
  await writeFile(
    path.join(rootfs, 'start_env', 'project', 'config', 'app.env'),
    'AWS_ACCESS_KEY_ID=AKIAZ7QLWB2YH5DMXK3P\n',
  );
  await writeFile(path.join(rootfs, 'start_env', 'project', 'deploy.pem'), PRIVATE_KEY);
  const logs = createFileLogStore(path.join(root, 'logs'));
  const scanner = createTrivyScanner({
    logs,
    trivy,
    cacheDir: path.join(root, 'cache'),
    resolveTarget: () => ({ kind: 'rootfs', path: rootfs }),
  });
  const report = await scanner.scan(request(), io);
  expect(report.scanner).toMatch(/^Version: 0\.74\.0/);
  expect(report.skipped).toEqual([
    { scanner: 'vuln', reason: expect.stringMatching(/no vulnerability database/) as unknown },
  ]);
  expect(report.findings.map((f) => [f.kind, f.id, f.severity, f.location])).toEqual(
    expect.arrayContaining([
      ['secret', 'aws-access-key-id', 'CRITICAL', 'start_env/project/config/app.env:1'],
      ['secret', 'private-key', 'HIGH', expect.stringMatching(/start_env\/project\/deploy\.pem:\d/)],
    ]),
  );
  // Nothing was downloaded: no database appeared in the cache.
  expect(existsSync(path.join(root, 'cache', 'db', 'trivy.db'))).toBe(false);
  expect(await logs.read('wf/scan')).toContain('vuln scanner skipped');
}, 120_000);

test('a clean image has no findings', async () => {
  const scanner = createTrivyScanner({
    logs: createFileLogStore(path.join(root, 'logs')),
    trivy,
    cacheDir: path.join(root, 'cache'),
    resolveTarget: () => ({ kind: 'rootfs', path: rootfs }),
  });
  expect((await scanner.scan(request({ scanners: ['secret'] }), io)).findings).toEqual([]);
}, 120_000);
