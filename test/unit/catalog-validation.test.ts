import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { ConfigError, parseCatalog } from '../../src/config/load-catalog';
import { parseDuration } from '../../src/config/duration';
import { loadSettings, resolveRepoUrl } from '../../src/config/settings';

const example = () => readFile(resolve(__dirname, '../../examples/gantry.yaml'), 'utf8');

function problems(text: string): string[] {
  try {
    parseCatalog(text, 'gantry.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('the catalog was accepted');
}

describe('catalog validation', () => {
  it('accepts the example catalog', async () => {
    const catalog = parseCatalog(await example(), 'examples/gantry.yaml');
    expect(Object.keys(catalog.services)).toEqual([
      'hello-node',
      'hello-go',
      'hello-java',
      'hello-java-25',
      'hello-php',
    ]);
    expect(catalog.environments.prod?.windows[0]).toEqual({ days: ['tue', 'thu'], start: '10:00', end: '17:00' });
  });

  it('lists every problem at once, each with its path and a hint', async () => {
    const { parse } = await import('yaml');
    const doc = parse(await example());
    doc.services['hello-node'].language = 'cobol';
    doc.services['hello-node'].owners = ['zed'];
    doc.services['Bad_Name'] = doc.services['hello-go'];
    doc.environments.prod.timeZone = 'Mars/Olympus';
    doc.environments.prod.windows[0].start = '25:00';
    doc.environments.prod.emergencyApprovers = ['lead', 'nobody'];
    doc.languages.nodejs.timeout = 'soon';
    delete doc.teams.payments.leads;
    const found = problems(stringify(doc));
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^services\.hello-node\.language: unknown language "cobol"; define it under languages or use one of: nodejs, golang1\.26, java17, java25, php8\.2$/,
        ),
        expect.stringMatching(/^services\.hello-node\.owners\[0\]: unknown person "zed"; define it under people/),
        expect.stringMatching(/^services\.Bad_Name: .*lowercase letters/),
        expect.stringMatching(/^environments\.prod\.timeZone: not an IANA time zone; use e\.g\. "Asia\/Shanghai"/),
        expect.stringMatching(/^environments\.prod\.windows\[0\]\.start: write the time as HH:MM/),
        expect.stringMatching(/^environments\.prod\.emergencyApprovers\[1\]: unknown person "nobody"/),
        expect.stringMatching(/^languages\.nodejs\.timeout: "soon" is not a duration; write it like "90s"/),
        expect.stringMatching(/^teams\.payments\.leads: /),
      ]),
    );
    expect(found).toHaveLength(9); // the bad start time also breaks "start before end"
  });

  it('reports YAML syntax errors with the line', () => {
    expect(problems('services:\n  a: [unclosed\n')[0]).toMatch(/^line \d+: /);
  });

  it('names the message in the error text, one problem per line', () => {
    expect(() => parseCatalog('languages: {}\n', 'c.yaml')).toThrow(
      /c\.yaml is invalid \(4 problems\):\n {2}- environments: /,
    );
  });
});

describe('durations', () => {
  it.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
  ])('reads %s as %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['', '5', 'm5', '5 minutes', '1h 30m'])('refuses "%s"', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );
});

describe('settings from the environment', () => {
  it('has embedded defaults for everything', () => {
    const s = loadSettings({});
    expect(s.temporal).toEqual({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'gantry',
      uiUrl: 'http://127.0.0.1:8233',
    });
    expect(s.gitOpsRemote).toMatch(/^file:\/\/.*\.gantry\/repos\/gitops\.git$/);
  });
  it('names the variable that is wrong', () => {
    expect(() => loadSettings({ GANTRY_HTTP_PORT: 'eighty' })).toThrow(/GANTRY_HTTP_PORT: /);
  });
  it('requires the secrets of a chosen integration, naming each variable', () => {
    expect(() =>
      loadSettings({ GANTRY_DEPLOY_TARGET: 'argocd', GANTRY_ARGOCD_URL: 'https://argocd.example.com' }),
    ).toThrow(/GANTRY_ARGOCD_TOKEN: required when GANTRY_DEPLOY_TARGET=argocd: set GANTRY_ARGOCD_TOKEN/);
    expect(() => loadSettings({ GANTRY_NOTIFIER: 'feishu' })).toThrow(/4 problems/);
    expect(() => loadSettings({ GANTRY_TEMPORAL_TLS_CERT: '/tls/tls.crt' })).toThrow(
      /GANTRY_TEMPORAL_TLS_KEY: Temporal mTLS needs all of/,
    );
    expect(
      loadSettings({ GANTRY_QUALITY_GATE: 'sonarqube', GANTRY_SONAR_URL: 'https://sonar', GANTRY_SONAR_TOKEN: 't' })
        .integrations.qualityGate,
    ).toMatchObject({ kind: 'sonarqube', pollMs: 1000 });
  });
  it('resolves relative repos against the base and keeps full URLs', () => {
    expect(resolveRepoUrl('orders.git', 'https://gitlab.example.com/shop/')).toBe(
      'https://gitlab.example.com/shop/orders.git',
    );
    expect(resolveRepoUrl('git@gitlab.example.com:shop/orders.git', 'x')).toBe(
      'git@gitlab.example.com:shop/orders.git',
    );
  });
});
