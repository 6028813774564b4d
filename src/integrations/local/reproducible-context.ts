import { lstat, lutimes, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { LanguageSpec } from '../../config/catalog-schema';
import { globToRegExp } from '../reports/read-reports';

/**
 * One commit must build one digest wherever it is built (dev's and test's pipelines each have a workspace of
 * their own), so an image context or package holds only what the build made: not the pipeline's own outputs
 * (test and coverage reports carry timings), and every entry with the same fixed time, SOURCE_DATE_EPOCH-style.
 * Order and owner are fixed where the tree is read: copyTree and contentDigest sort names, tar packs with
 * --sort=name --owner=0, and a Dockerfile's ADD gives root ownership.
 */
export const FIXED_ENTRY_TIME = new Date(0);

/** Test-run leftovers at the top of a checkout that no build output needs (PHPUnit's timings cache). */
const TEST_RUN_LEFTOVERS = ['.git', '.phpunit.result.cache'];

/**
 * Which entries of the build output to leave out, as a test on their path relative to `source` (the expanded
 * artifactPath in `workspace`): the directories the language's test and coverage reports are written to (the
 * pipeline's, e.g. reports/ or target/surefire-reports/; the report itself when it sits at the top of the
 * checkout) and known test-run leftovers at the top of the checkout.
 */
export function pipelineOutputFilter(
  language: Pick<LanguageSpec, 'testReport' | 'coverageReport'>,
  workspace: string,
  source: string,
): (rel: string) => boolean {
  const sourceRel = path.relative(path.resolve(workspace), path.resolve(source)).split(path.sep).join('/');
  const reports = [language.testReport, language.coverageReport?.path].filter((p): p is string => Boolean(p));
  const excluded = [
    ...reports.map((report) => {
      const normal = path.posix.normalize(report).replace(/^\.\//, '');
      const dir = path.posix.dirname(normal);
      return globToRegExp(dir === '.' ? normal : dir);
    }),
    ...TEST_RUN_LEFTOVERS.map(globToRegExp),
  ];
  return (rel) => {
    const inWorkspace = sourceRel ? `${sourceRel}/${rel}` : rel;
    return excluded.some((pattern) => pattern.test(inWorkspace));
  };
}

/** Sets every entry under `dir` (and `dir` itself) to FIXED_ENTRY_TIME, children before their directory. */
export async function fixEntryTimes(dir: string, onEntry?: () => void): Promise<void> {
  const info = await lstat(dir);
  if (info.isDirectory()) {
    for (const name of await readdir(dir)) await fixEntryTimes(path.join(dir, name), onEntry);
  }
  onEntry?.();
  await lutimes(dir, FIXED_ENTRY_TIME, FIXED_ENTRY_TIME);
}
