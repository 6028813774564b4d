/**
 * Git names that reach git's command line and workflow ids: commits from webhooks and the API, branches from the
 * catalog. Checked before use, so nothing is ever read as an option or a path outside the repository.
 */

/** A full or abbreviated hex object name (SHA-1 or SHA-256), lowercase as git prints it. */
export const isCommitSha = (value: string): boolean => /^[0-9a-f]{7,64}$/.test(value);

/** A full object name only: what webhooks carry and workflow ids use. */
export const isFullCommitSha = (value: string): boolean => /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(value);

/**
 * `git check-ref-format --branch` rules, plus no leading "-": no control characters, space, ~ ^ : ? * [ \ or "..",
 * no "@{", no component starting with "." or ending with ".lock", no leading, trailing or double "/", not "@".
 */
export function isValidBranchName(name: string): boolean {
  if (name.length === 0 || name.length > 255 || name === '@' || name.startsWith('-')) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return false;
  if (name.includes('..') || name.includes('@{') || name.includes('//')) return false;
  if (name.startsWith('/') || name.endsWith('/') || name.endsWith('.')) return false;
  return name.split('/').every((part) => !part.startsWith('.') && !part.endsWith('.lock'));
}
