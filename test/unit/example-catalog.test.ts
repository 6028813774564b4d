import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { catalogSchema } from '../../src/config/catalog-schema';

const catalogFile = path.join(__dirname, '../../examples/gantry.yaml');

describe('the example catalog', () => {
  const catalog = catalogSchema.parse(parse(readFileSync(catalogFile, 'utf8')));

  it('is valid and describes the three example services', () => {
    expect(Object.keys(catalog.services).sort()).toEqual(['hello-go', 'hello-java', 'hello-node']);
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
    expect(catalog.services['hello-node']?.gray).toEqual({ enabled: true, promotion: 'manual', bake: 0 });
    expect(catalog.services['hello-go']?.gray).toEqual({ enabled: true, promotion: 'auto', bake: 30_000 });
  });
});
