import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { crossReferenceProblems } from './catalog-references';
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

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined'))
    return `required (${issue.expected})`;
  if (issue.code === 'invalid_key') return `invalid name: ${issue.issues[0]?.message ?? issue.message}`;
  return issue.message;
}

export function problemsOf(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: describeIssue(issue) }));
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
  const raw: unknown = doc.toJS();
  const result = catalogSchema.safeParse(raw);
  if (!result.success) {
    // Structural errors stop zod before the cross-reference checks; run those on the raw document as well.
    const problems = problemsOf(result.error);
    for (const p of crossReferenceProblems(raw)) {
      const path = formatPath(p.path);
      if (!problems.some((q) => q.path === path)) problems.push({ path, message: p.message });
    }
    throw new ConfigError(source, problems);
  }
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
