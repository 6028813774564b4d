import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { catalogJsonSchema } from '../../src/config/export-json-schema';

describe('the exported JSON Schema', () => {
  it('matches the catalog schema (regenerate with "npm run schema")', async () => {
    const committed = await readFile(resolve(__dirname, '../../schema/gantry-catalog.schema.json'), 'utf8');
    expect(committed).toBe(catalogJsonSchema());
  });
});
