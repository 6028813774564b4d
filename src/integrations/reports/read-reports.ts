import { readdir, readFile, stat } from 'node:fs/promises';
import { join, posix, sep } from 'node:path';
import type { TestSummary } from '../../domain/test-report';
import { parseCoverage, type CoverageFormat } from './coverage';
import { mergeTestSummaries, parseJUnitXml } from './junit';

/** Reads and merges every JUnit report in the workspace matching `glob` (e.g. `target/surefire-reports/TEST-*.xml`). */
export async function readTestReports(workspace: string, glob: string): Promise<TestSummary> {
  const files = await findFiles(workspace, glob);
  if (files.length === 0) throw new Error(`no test report matched ${glob} in the workspace`);
  const summaries: TestSummary[] = [];
  for (const file of files) {
    const xml = await readFile(join(workspace, file), 'utf8');
    try {
      summaries.push(parseJUnitXml(xml));
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message}`);
    }
  }
  return mergeTestSummaries(summaries);
}

export async function readCoverage(
  workspace: string,
  report: { path: string; format: CoverageFormat },
): Promise<number> {
  const relative = checkRelative(report.path);
  let text: string;
  try {
    text = await readFile(join(workspace, relative), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`coverage report ${report.path} not found in the workspace`);
    }
    throw err;
  }
  try {
    return parseCoverage(text, report.format);
  } catch (err) {
    throw new Error(`${report.path}: ${(err as Error).message}`);
  }
}

/** Workspace-relative POSIX paths of the files matching `glob`, sorted. */
async function findFiles(workspace: string, glob: string): Promise<string[]> {
  const pattern = checkRelative(glob);
  const segments = pattern.split('/');
  // Walk only below the literal prefix (`target/surefire-reports`), not the whole checkout with its node_modules.
  const firstWild = segments.findIndex((segment) => /[*?]/.test(segment));
  const base = firstWild < 0 ? segments.slice(0, -1) : segments.slice(0, firstWild);
  const baseDir = join(workspace, ...base);
  const recursive = firstWild >= 0 && (firstWild < segments.length - 1 || segments.includes('**'));
  let entries: string[];
  try {
    entries = await readdir(baseDir, { recursive });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw err;
  }
  const regex = globToRegExp(pattern);
  const matches: string[] = [];
  for (const entry of entries) {
    const relative = posix.join(...base, entry.split(sep).join('/'));
    if (!regex.test(relative)) continue;
    const info = await stat(join(workspace, relative)).catch(() => undefined);
    if (info?.isFile()) matches.push(relative);
  }
  return matches.sort();
}

/** `**` spans any number of directories (including none); `*` and `?` stay within one path segment. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === '*' && glob[i + 1] === '*') {
      const slashAfter = glob[i + 2] === '/';
      source += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Report paths come from the catalog and must stay inside the workspace. */
function checkRelative(path: string): string {
  const normalized = posix.normalize(path.replace(/\\/g, '/')).replace(/^\.\//, '');
  if (normalized.startsWith('/') || normalized === '..' || normalized.startsWith('../')) {
    throw new Error(`report path ${path} must be relative to the workspace`);
  }
  return normalized;
}
