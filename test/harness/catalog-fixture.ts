import { createHash } from 'node:crypto';
import { catalogSchema, type Catalog, type CatalogInput } from '../../src/config/catalog-schema';

type EnvInput = CatalogInput['environments'][string];
type ServiceInput = CatalogInput['services'][string];

/**
 * A small catalog for workflow tests: alice owns `orders`, bob leads the team, carol is release manager, dave has
 * no rights. Environments and services can be overridden per test.
 */
export function testCatalog(
  overrides: {
    environments?: Record<string, EnvInput>;
    services?: Record<string, ServiceInput>;
    /** Releases of `orders` go straight to full. */
    withoutGray?: boolean;
  } = {},
): Catalog {
  return catalogSchema.parse({
    languages: {
      nodejs: {
        buildImage: 'node:20',
        runtimeImage: 'node:20-slim',
        compile: 'node scripts/build.js',
        test: 'node --test',
        testReport: 'report.xml',
        artifactPath: 'dist',
        start: 'node project/server.js',
      },
    },
    environments: {
      dev: { autoDeploy: true, releasers: ['*', 'ci'] },
      prod: { branch: 'release' },
      ...overrides.environments,
    },
    people: {
      alice: { name: 'Alice' },
      bob: { name: 'Bob' },
      carol: { name: 'Carol', roles: ['release-manager'] },
      dave: { name: 'Dave' },
    },
    teams: { payments: { leads: ['bob'] } },
    services: {
      orders: {
        repo: 'orders.git',
        language: 'nodejs',
        owners: ['alice'],
        team: 'payments',
        gray: { enabled: !overrides.withoutGray, promotion: 'manual' },
      },
      ...overrides.services,
    },
  });
}

/** A valid digest-pinned image of `orders` in the test catalog's registry; the label picks the digest. */
export const testImage = (label: string): string =>
  `registry.gantry.local/orders@sha256:${createHash('sha256').update(label).digest('hex')}`;
