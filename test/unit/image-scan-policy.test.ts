import { evaluateScan } from '../../src/domain/image-scan-policy';
import type { ScanFinding } from '../../src/ports/image-scanner';

const awsKey: ScanFinding = {
  kind: 'secret',
  id: 'aws-access-key-id',
  severity: 'CRITICAL',
  title: 'AWS Access Key ID',
  location: 'start_env/project/config/app.env:2',
};
const openssl: ScanFinding = {
  kind: 'vulnerability',
  id: 'CVE-2024-0001',
  severity: 'MEDIUM',
  title: 'openssl: a medium one',
  location: 'libssl3@3.0.11 (debian 12)',
  fixedVersion: '3.0.13',
};
const today = '2026-12-02';

test('a finding at a failOn severity blocks; one below it is only reported', () => {
  const verdict = evaluateScan([awsKey, openssl], { failOn: ['CRITICAL'], allow: [], service: 'svc', today });
  expect(verdict.blocking).toEqual([awsKey]);
  expect(verdict.reported).toEqual([openssl]);
});

test('report-only policy (failOn: []) never blocks', () => {
  const verdict = evaluateScan([awsKey], { failOn: [], allow: [], service: 'svc', today });
  expect(verdict.blocking).toEqual([]);
  expect(verdict.reported).toEqual([awsKey]);
});

test('an allow-list entry accepts the finding up to and including its last day, then no longer', () => {
  const allow = [{ id: 'aws-access-key-id', until: today, reason: 'rotating; SEC-9' }];
  const lastDay = evaluateScan([awsKey], { failOn: ['CRITICAL'], allow, service: 'svc', today });
  expect(lastDay.blocking).toEqual([]);
  expect(lastDay.allowed).toEqual([{ ...awsKey, reason: 'rotating; SEC-9', until: today }]);

  const dayAfter = evaluateScan([awsKey], { failOn: ['CRITICAL'], allow, service: 'svc', today: '2026-12-03' });
  expect(dayAfter.blocking).toEqual([awsKey]);
  expect(dayAfter.expired).toEqual([{ ...awsKey, until: today }]);
});

test('an entry for other services does not apply; the latest valid entry wins over an expired one', () => {
  const other = [{ id: 'aws-access-key-id', services: ['other'], until: '2030-01-01', reason: 'x' }];
  expect(evaluateScan([awsKey], { failOn: ['CRITICAL'], allow: other, service: 'svc', today }).blocking).toHaveLength(
    1,
  );
  const both = [
    { id: 'aws-access-key-id', until: '2020-01-01', reason: 'old' },
    { id: 'aws-access-key-id', services: ['svc'], until: '2030-01-01', reason: 'new' },
  ];
  const verdict = evaluateScan([awsKey], { failOn: ['CRITICAL'], allow: both, service: 'svc', today });
  expect(verdict.allowed.map((f) => f.reason)).toEqual(['new']);
  expect(verdict.expired).toEqual([]);
});
