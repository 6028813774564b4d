import { z } from 'zod';
import { catalogSchema } from './catalog-schema';

/** The catalog's JSON Schema, for editors (yaml-language-server) and reviews. */
export function catalogJsonSchema(): string {
  const schema = z.toJSONSchema(catalogSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ title: 'Gantry catalog', ...schema }, null, 2)}\n`;
}

if (require.main === module) process.stdout.write(catalogJsonSchema());
