"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createGitOpsHistory = createGitOpsHistory;
const naming_1 = require("../domain/naming");
const run_git_1 = require("../integrations/git/run-git");
/**
 * The GitOps commits that changed one service in one environment, read straight from a bare repository the
 * server can reach (the embedded GitOps repo, or a mirror). Newest first, bounded.
 */
function createGitOpsHistory(bareRepoPath, limit = 10) {
    return async (service, environment) => {
        const out = await (0, run_git_1.runGit)([
            `--git-dir=${bareRepoPath}`,
            'log',
            `-n${limit}`,
            '--format=%H%x09%cI%x09%s',
            '--',
            (0, naming_1.gitOpsValuesPath)(service, environment),
        ]).catch(() => '');
        return out
            .split('\n')
            .filter(Boolean)
            .map((line) => {
            const [sha = '', date = '', ...subject] = line.split('\t');
            return { sha, date, subject: subject.join('\t') };
        });
    };
}
//# sourceMappingURL=git-ops-history.js.map