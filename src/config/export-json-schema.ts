import { z } from 'zod';
import { catalogSchema } from './catalog-schema';

/** Prints the catalog's JSON Schema, for editors (yaml-language-server) and reviews. */
function main(): void {
  const schema = z.toJSONSchema(catalogSchema, { io: 'input', unrepresentable: 'any' });
  process.stdout.write(`${JSON.stringify({ title: 'Gantry catalog', ...schema }, null, 2)}\n`);
}

main();
