"use strict";
/**
 * Git names that reach git's command line and workflow ids: commits from webhooks and the API, branches from the
 * catalog. Checked before use, so nothing is ever read as an option or a path outside the repository.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.isFullCommitSha = exports.isCommitSha = void 0;
exports.isValidBranchName = isValidBranchName;
/** A full or abbreviated hex object name (SHA-1 or SHA-256), lowercase as git prints it. */
const isCommitSha = (value) => /^[0-9a-f]{7,64}$/.test(value);
exports.isCommitSha = isCommitSha;
/** A full object name only: what webhooks carry and workflow ids use. */
const isFullCommitSha = (value) => /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(value);
exports.isFullCommitSha = isFullCommitSha;
/**
 * `git check-ref-format --branch` rules, plus no leading "-": no control characters, space, ~ ^ : ? * [ \ or "..",
 * no "@{", no component starting with "." or ending with ".lock", no leading, trailing or double "/", not "@".
 */
function isValidBranchName(name) {
    if (name.length === 0 || name.length > 255 || name === '@' || name.startsWith('-'))
        return false;
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x20\x7f~^:?*[\\]/.test(name))
        return false;
    if (name.includes('..') || name.includes('@{') || name.includes('//'))
        return false;
    if (name.startsWith('/') || name.endsWith('/') || name.endsWith('.'))
        return false;
    return name.split('/').every((part) => !part.startsWith('.') && !part.endsWith('.lock'));
}
//# sourceMappingURL=git-names.js.map