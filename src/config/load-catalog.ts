import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { catalogSchema, type Catalog } from './catalog-schema';

export interface ConfigProblem {
  /** Dotted path into the document, e.g. services.orders.language */
  path: string;
  message: string;
}

/** Invalid configuration: every problem, each with its path and a hint, so one run shows them all. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      `${source} is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.path || '(root)'}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

const formatPath = (path: readonly PropertyKey[]): string =>
  path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');

export function problemsOf(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    const missing = issue.code === 'invalid_type' && issue.message.includes('received undefined');
    return {
      path,
      message: missing ? `required: ${issue.message.replace(/, received undefined$/, '')}` : issue.message,
    };
  });
}

export function parseCatalog(text: string, source: string): Catalog {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      source,
      doc.errors.map((e) => ({
        path: `line ${e.linePos?.[0]?.line ?? '?'}`,
        message: e.message.split('\n')[0] ?? e.message,
      })),
    );
  }
  const result = catalogSchema.safeParse(doc.toJS());
  if (!result.success) throw new ConfigError(source, problemsOf(result.error));
  return result.data;
}

export async function loadCatalog(file: string): Promise<Catalog> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [{ path: '', message: `cannot read the catalog: ${(err as Error).message}` }]);
  }
  return parseCatalog(text, file);
}
