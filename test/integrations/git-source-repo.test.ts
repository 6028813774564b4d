import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CommitNotOnBranchError, createGitSourceRepo } from '../../src/integrations/git/git-source-repo';
import { GitError, gitTest, runGit } from '../../src/integrations/git/run-git';
import type { SourceRepo } from '../../src/ports/source-repo';
import { cleanupGitFixtures, commitFiles, createBareRepo, makeTempDir } from '../harness/git-fixtures';

describe('git source repo (real git)', () => {
  let repoUrl: string;
  let first: string;
  let source: SourceRepo;

  beforeAll(async () => {
    repoUrl = await createBareRepo();
    first = await commitFiles(
      repoUrl,
      'main',
      { 'README.md': 'v1\n', 'src/app.txt': 'app v1\n', '.gitignore': 'build/\n' },
      'First commit\n\nWith a body that is not part of the title.',
    );
    source = createGitSourceRepo({ cacheDir: await makeTempDir('gantry-cache-') });
  });

  afterAll(cleanupGitFixtures);

  const head = async (workspace: string): Promise<string> =>
    (await runGit(['rev-parse', 'HEAD'], { cwd: workspace })).trim();

  it('checks out a commit on its branch, detached, with the first line of its message as title', async () => {
    const workspace = await makeTempDir('gantry-ws-');
    const result = await source.checkout({ repoUrl, branch: 'main', commit: first, workspace });

    expect(result).toEqual({ workspace, commit: first, title: 'First commit' });
    expect(await readFile(join(workspace, 'src/app.txt'), 'utf8')).toBe('app v1\n');
    expect(await head(workspace)).toBe(first);
    expect(await gitTest(['symbolic-ref', '--quiet', 'HEAD'], { cwd: workspace })).toBe(false);
  });

  it('resolves an abbreviated commit id to the full one', async () => {
    const workspace = await makeTempDir('gantry-ws-');
    const result = await source.checkout({ repoUrl, branch: 'main', commit: first.slice(0, 10), workspace });
    expect(result.commit).toBe(first);
  });

  it('reuses a workspace: checking out twice leaves a clean tree of exactly the requested commit', async () => {
    const workspace = await makeTempDir('gantry-ws-');
    await source.checkout({ repoUrl, branch: 'main', commit: first, workspace });
    // A previous build dirtied everything it could.
    await writeFile(join(workspace, 'src/app.txt'), 'edited\n');
    await writeFile(join(workspace, 'stray.txt'), 'untracked\n');
    await runGit(['add', 'stray.txt'], { cwd: workspace });
    await writeFile(join(workspace, 'untracked.txt'), 'untracked\n');
    await runGit(['init', '--quiet', join(workspace, 'build')], { cwd: workspace });

    const again = await source.checkout({ repoUrl, branch: 'main', commit: first, workspace });

    expect(again.commit).toBe(first);
    expect(await readFile(join(workspace, 'src/app.txt'), 'utf8')).toBe('app v1\n');
    expect(existsSync(join(workspace, 'stray.txt'))).toBe(false);
    expect(existsSync(join(workspace, 'untracked.txt'))).toBe(false);
    expect(existsSync(join(workspace, 'build'))).toBe(false);
    expect(await runGit(['status', '--porcelain', '--ignored'], { cwd: workspace })).toBe('');
  });

  it('fetches commits pushed after the first checkout, and can move a workspace back and forth', async () => {
    const workspace = await makeTempDir('gantry-ws-');
    await source.checkout({ repoUrl, branch: 'main', commit: first, workspace });
    const later = await commitFiles(repoUrl, 'main', { 'src/app.txt': 'app v2\n' }, 'Second commit');

    const result = await source.checkout({ repoUrl, branch: 'main', commit: later, workspace });
    expect(result.title).toBe('Second commit');
    expect(await readFile(join(workspace, 'src/app.txt'), 'utf8')).toBe('app v2\n');

    // An older commit of the branch is still on it.
    await source.checkout({ repoUrl, branch: 'main', commit: first, workspace });
    expect(await head(workspace)).toBe(first);
    expect(await readFile(join(workspace, 'src/app.txt'), 'utf8')).toBe('app v1\n');
  });

  it('serialises concurrent checkouts of the same repository', async () => {
    const workspaces = await Promise.all([1, 2, 3].map(() => makeTempDir('gantry-ws-')));
    const results = await Promise.all(
      workspaces.map((workspace) => source.checkout({ repoUrl, branch: 'main', commit: first, workspace })),
    );
    expect(results.map((r) => r.commit)).toEqual([first, first, first]);
    for (const workspace of workspaces) expect(await head(workspace)).toBe(first);
  });

  it('refuses a commit that is not on the branch, with a message saying so', async () => {
    const feature = await commitFiles(repoUrl, 'feature', { 'feature.txt': 'x\n' }, 'Feature work', { from: 'main' });
    const workspace = await makeTempDir('gantry-ws-');

    const refused = source.checkout({ repoUrl, branch: 'main', commit: feature, workspace });
    await expect(refused).rejects.toThrow(CommitNotOnBranchError);
    await expect(refused).rejects.toThrow(`commit ${feature} is not on branch main`);
    // It is fine on its own branch.
    await expect(source.checkout({ repoUrl, branch: 'feature', commit: feature, workspace })).resolves.toMatchObject({
      commit: feature,
    });
  });

  it('refuses an unknown commit, an unknown branch and a non-hex commit id', async () => {
    const workspace = await makeTempDir('gantry-ws-');
    await expect(source.checkout({ repoUrl, branch: 'main', commit: 'deadbeef'.repeat(5), workspace })).rejects.toThrow(
      /is not on branch main .*no such commit/,
    );
    await expect(source.checkout({ repoUrl, branch: 'nope', commit: first, workspace })).rejects.toThrow(
      /is not on branch nope .*does not exist/,
    );
    await expect(source.checkout({ repoUrl, branch: 'main', commit: '--help', workspace })).rejects.toThrow(
      CommitNotOnBranchError,
    );
  });

  it('headOf returns the current head of a branch', async () => {
    const sha = await commitFiles(repoUrl, 'main', { 'README.md': 'v3\n' }, 'Third commit');
    expect(await source.headOf(repoUrl, 'main')).toBe(sha);
    await expect(source.headOf(repoUrl, 'missing')).rejects.toThrow('branch missing does not exist');
  });

  it('reports git failures as GitError without leaking credentials from the URL', async () => {
    const failure = source.headOf('http://deploy:s3cret@127.0.0.1:1/repo.git', 'main');
    await expect(failure).rejects.toThrow(GitError);
    await expect(failure).rejects.not.toThrow(/s3cret/);
  });
});
