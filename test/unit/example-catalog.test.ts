import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { catalogSchema } from '../../src/config/catalog-schema';

const catalogFile = path.join(__dirname, '../../examples/gantry.yaml');

describe('the example catalog', () => {
  const catalog = catalogSchema.parse(parse(readFileSync(catalogFile, 'utf8')));

  it('is valid and describes the five example services', () => {
    expect(Object.keys(catalog.services).sort()).toEqual([
      'hello-go',
      'hello-java',
      'hello-java-25',
      'hello-node',
      'hello-php',
    ]);
    expect(Object.keys(catalog.environments)).toEqual(['dev', 'test', 'pre', 'prod']);
  });

  it('gives every language a non-empty compile and test command', () => {
    for (const language of Object.values(catalog.languages)) {
      expect(language.compile.trim()).not.toBe('');
      expect(language.test.trim()).not.toBe('');
    }
  });

  it('has an example project with a start script for every service', () => {
    for (const name of Object.keys(catalog.services)) {
      const start = readFileSync(path.join(__dirname, '../../examples', name, 'deploy/start.sh'), 'utf8');
      expect(start).toContain('exec ');
    }
  });

  it('deploys dev and test automatically and ships prod from release inside its windows', () => {
    expect(catalog.environments.dev).toMatchObject({ autoDeploy: true, releasers: ['*', 'ci'] });
    expect(catalog.environments.test).toMatchObject({ autoDeploy: true, releasers: ['*', 'ci'] });
    expect(catalog.environments.pre).toMatchObject({ autoDeploy: false });
    expect(catalog.environments.prod).toMatchObject({
      branch: 'release',
      autoDeploy: false,
      timeZone: 'Asia/Shanghai',
      windows: [{ days: ['tue', 'thu'], start: '10:00', end: '17:00' }],
      emergencyApprovers: ['lead', 'release-manager'],
    });
  });

  it('bakes hello-go gray automatically and leaves hello-node gray to a person', () => {
    expect(catalog.services['hello-node']?.gray).toMatchObject({ enabled: true, promotion: 'manual', bake: 0 });
    expect(catalog.services['hello-go']?.gray).toMatchObject({ enabled: true, promotion: 'auto', bake: 30_000 });
    // No weighted steps in the example: gray takes no user traffic until promoted, and nothing passes silently.
    expect(catalog.services['hello-node']?.gray).toMatchObject({ steps: [], analysis: { inconclusive: 'pause' } });
  });

  it('runs two Java versions side by side, each with its own build image and toolchain', () => {
    const { java17, java25 } = catalog.languages;
    expect([java17?.version, java25?.version]).toEqual(['17', '25']);
    expect(java17?.buildImage).not.toBe(java25?.buildImage);
    expect(java25?.toolchain?.env.JAVA_HOME).toMatch(/temurin-25/);
    expect(java17?.toolchain?.env.JAVA_HOME).toMatch(/java-17/);
    expect(catalog.services['hello-java']?.language).toBe('java17');
    expect(catalog.services['hello-java-25']?.language).toBe('java25');
  });

  it('builds hello-php with PHPUnit reports and gates images per environment', () => {
    expect(catalog.languages['php8.2']).toMatchObject({
      version: '8.2',
      testReport: 'reports/junit.xml',
      coverageReport: { path: 'reports/clover.xml', format: 'clover' },
    });
    expect(catalog.imageScan?.scanners).toEqual(['vuln', 'secret']);
    expect(catalog.environments.dev?.imageScan.failOn).toEqual([]);
    expect(catalog.environments.prod?.imageScan.failOn).toEqual(['CRITICAL', 'HIGH']);
  });
});
