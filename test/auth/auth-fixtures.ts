import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings, type Settings } from '../../src/config/settings';
import type { Catalog } from '../../src/config/catalog-schema';
import { testCatalog } from '../harness/catalog-fixture';

/** The workflow tests' catalog, with the emails people log in with. */
export function authCatalog(): Catalog {
  const catalog = testCatalog();
  for (const [id, person] of Object.entries(catalog.people)) person.email = `${id}@example.com`;
  return catalog;
}

/** Shared-mode settings against `issuer`, with a fresh token store. */
export async function oidcSettings(issuer: string, extra: Record<string, string> = {}): Promise<Settings> {
  const dir = await mkdtemp(join(tmpdir(), 'gantry-auth-'));
  return loadSettings({
    GANTRY_HTTP_HOST: '0.0.0.0',
    GANTRY_DATA_DIR: dir,
    GANTRY_AUTH_MODE: 'oidc',
    GANTRY_AUTH_ISSUER: issuer,
    GANTRY_AUTH_AUDIENCE: 'gantry-api',
    GANTRY_AUTH_TOKEN_STORE: join(dir, 'tokens.json'),
    ...extra,
  });
}
