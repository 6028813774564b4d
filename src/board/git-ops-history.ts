import { gitOpsValuesPath } from '../domain/naming';
import { runGit } from '../integrations/git/run-git';
import type { GitOpsCommit } from './board-source';

/**
 * The GitOps commits that changed one service in one environment, read straight from a bare repository the
 * server can reach (the embedded GitOps repo, or a mirror). Newest first, bounded.
 */
export function createGitOpsHistory(bareRepoPath: string, limit = 10) {
  return async (service: string, environment: string): Promise<GitOpsCommit[]> => {
    const out = await runGit([
      `--git-dir=${bareRepoPath}`,
      'log',
      `-n${limit}`,
      '--format=%H%x09%cI%x09%s',
      '--',
      gitOpsValuesPath(service, environment),
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
