import type { Catalog } from '../config/catalog-schema';
import type { PersonField } from '../config/auth-settings';

/**
 * The catalog person a login claim names, matching exactly one field (emails case-insensitively). The catalog
 * refuses duplicate identities, so a value names at most one person.
 */
export function findPerson(catalog: Catalog, field: PersonField, value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (field === 'id') return Object.hasOwn(catalog.people, value) ? value : undefined;
  const wanted = field === 'email' ? value.toLowerCase() : value;
  for (const [id, person] of Object.entries(catalog.people)) {
    const own = person[field];
    if (typeof own === 'string' && (field === 'email' ? own.toLowerCase() : own) === wanted) return id;
  }
  return undefined;
}
