import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gitTest, runGit } from '../../src/integrations/git/run-git';

/** Real git repositories in temp dirs. Call `cleanupGitFixtures()` in afterAll. */

const tempDirs: string[] = [];

export async function makeTempDir(prefix = 'gantry-git-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export async function cleanupGitFixtures(): Promise<void> {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** An empty bare repository; its path doubles as the URL. */
export async function createBareRepo(): Promise<string> {
  const repo = join(await makeTempDir('gantry-remote-'), 'repo.git');
  await runGit(['init', '--quiet', '--bare', '--initial-branch=main', repo]);
  return repo;
}

export type FileChanges = Record<string, string | null>;

export async function branchHead(repoUrl: string, branch: string): Promise<string | null> {
  const ref = `refs/heads/${branch}`;
  if (!(await gitTest(['rev-parse', '--verify', '--quiet', ref], { cwd: repoUrl }))) return null;
  return (await runGit(['rev-parse', ref], { cwd: repoUrl })).trim();
}

/**
 * A clone with one new commit on top of `branch` (or of `from` when the branch does not exist yet), not pushed.
 * Files mapped to null are deleted.
 */
export async function prepareCommit(
  repoUrl: string,
  branch: string,
  files: FileChanges,
  message: string,
  opts: { from?: string } = {},
): Promise<{ dir: string; sha: string }> {
  const dir = await makeTempDir('gantry-clone-');
  const git = (args: string[]): Promise<string> => runGit(args, { cwd: dir });
  await git(['init', '--quiet']);
  await git(['remote', 'add', 'origin', repoUrl]);
  const base = (await branchHead(repoUrl, branch)) ? branch : opts.from;
  if (base) {
    await git(['fetch', '--quiet', 'origin', `refs/heads/${base}`]);
    await git(['checkout', '--quiet', '--detach', 'FETCH_HEAD']);
  }
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    if (content === null) {
      await rm(file, { force: true });
    } else {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
    }
  }
  await git(['add', '--all']);
  await git(['commit', '--quiet', '--allow-empty', '-m', message]);
  return { dir, sha: (await git(['rev-parse', 'HEAD'])).trim() };
}

/** Commits the files on `branch` (created from `from` if missing) and pushes; returns the new commit. */
export async function commitFiles(
  repoUrl: string,
  branch: string,
  files: FileChanges,
  message: string,
  opts: { from?: string } = {},
): Promise<string> {
  const { dir, sha } = await prepareCommit(repoUrl, branch, files, message, opts);
  await runGit(['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`], { cwd: dir });
  return sha;
}

export interface LoggedCommit {
  sha: string;
  message: string;
  files: string[];
}

/** Commits reachable from the branch, newest first. */
export async function logOf(repoUrl: string, branch: string): Promise<LoggedCommit[]> {
  const out = await runGit(['log', '--name-only', '--format=%x1e%H%x1f%B%x1f', `refs/heads/${branch}`], {
    cwd: repoUrl,
  });
  return out
    .split('\x1e')
    .filter((record) => record.trim() !== '')
    .map((record) => {
      const [sha = '', message = '', files = ''] = record.split('\x1f');
      return { sha, message: message.trim(), files: files.split('\n').filter((f) => f.trim() !== '') };
    });
}

export async function readFileAt(repoUrl: string, rev: string, path: string): Promise<string> {
  return runGit(['show', `${rev}:${path}`], { cwd: repoUrl });
}

/** Installs an executable shell hook (e.g. pre-push) in a non-bare repository. */
export async function installHook(repoDir: string, name: string, script: string): Promise<void> {
  const hook = join(repoDir, '.git', 'hooks', name);
  await mkdir(dirname(hook), { recursive: true });
  await writeFile(hook, `#!/bin/sh\nunset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX\n${script}\n`);
  await chmod(hook, 0o755);
}
