import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { CheckoutRequest, CheckoutResult, SourceRepo } from '../../ports/source-repo';
import { createKeyedMutex, gitTest, redactUrl, runGit } from './run-git';

/** Generous: the first fetch of a large repository can take minutes. */
const FETCH_TIMEOUT_MS = 15 * 60_000;
const LOCAL_TIMEOUT_MS = 5 * 60_000;

/** The requested commit is missing or not reachable from the branch head: retrying will not help. */
export class CommitNotOnBranchError extends Error {
  override readonly name = 'CommitNotOnBranchError';
}

const withMirrorLock = createKeyedMutex();
const withWorkspaceLock = createKeyedMutex();

export function createGitSourceRepo(opts: { cacheDir: string }): SourceRepo {
  const cacheDir = resolve(opts.cacheDir);

  async function checkout(req: CheckoutRequest): Promise<CheckoutResult> {
    assertArg('repository URL', req.repoUrl);
    assertArg('branch', req.branch);
    if (!/^[0-9a-f]{4,64}$/i.test(req.commit)) {
      throw new CommitNotOnBranchError(`invalid commit '${req.commit}': expected a hexadecimal commit id`);
    }
    const mirror = mirrorPath(cacheDir, req.repoUrl);
    const { sha, title } = await withMirrorLock(mirror, async () => {
      await ensureMirror(mirror, req.repoUrl);
      await runGit(['fetch', '--quiet', '--prune', '--no-tags', '--', req.repoUrl, '+refs/heads/*:refs/heads/*'], {
        cwd: mirror,
        timeoutMs: FETCH_TIMEOUT_MS,
      });
      const sha = await verifyOnBranch(mirror, req);
      const message = await runGit(['log', '-1', '--format=%B', sha], { cwd: mirror, timeoutMs: LOCAL_TIMEOUT_MS });
      return { sha, title: message.trim().split('\n')[0]?.trim() ?? '' };
    });
    const workspace = resolve(req.workspace);
    await withWorkspaceLock(workspace, () => materialise(mirror, workspace, sha));
    return { workspace: req.workspace, commit: sha, title };
  }

  async function headOf(repoUrl: string, branch: string): Promise<string> {
    assertArg('repository URL', repoUrl);
    assertArg('branch', branch);
    const ref = `refs/heads/${branch}`;
    const out = await runGit(['ls-remote', '--heads', '--', repoUrl, ref], { timeoutMs: FETCH_TIMEOUT_MS });
    // ls-remote matches patterns by suffix, so insist on the exact ref name.
    for (const line of out.split('\n')) {
      const [sha, name] = line.split('\t');
      if (sha && name === ref) return sha;
    }
    throw new Error(`branch ${branch} does not exist in ${redactUrl(repoUrl)}`);
  }

  return { checkout, headOf };
}

function mirrorPath(cacheDir: string, repoUrl: string): string {
  const key = createHash('sha256').update(repoUrl).digest('hex').slice(0, 24);
  return join(cacheDir, 'mirrors', `${key}.git`);
}

/** Guards against values that git would parse as options (`--upload-pack=…`). */
function assertArg(what: string, value: string): void {
  if (value === '' || value.startsWith('-') || /[\0\r\n]/.test(value)) {
    throw new Error(`invalid ${what} '${redactUrl(value)}'`);
  }
}

async function ensureMirror(mirror: string, repoUrl: string): Promise<void> {
  if (existsSync(join(mirror, 'HEAD'))) return;
  // Initialise aside and rename, so a crash never leaves a half-made mirror that looks valid.
  await mkdir(dirname(mirror), { recursive: true });
  const staging = `${mirror}.${randomUUID()}.tmp`;
  await runGit(['init', '--quiet', '--bare', staging]);
  // Recorded for humans inspecting the cache; fetches always name the URL explicitly.
  await runGit(['config', 'gantry.url', redactUrl(repoUrl)], { cwd: staging });
  await rm(mirror, { recursive: true, force: true });
  await rename(staging, mirror);
}

async function verifyOnBranch(mirror: string, req: CheckoutRequest): Promise<string> {
  const notOnBranch = (why: string): CommitNotOnBranchError =>
    new CommitNotOnBranchError(
      `commit ${req.commit} is not on branch ${req.branch} of ${redactUrl(req.repoUrl)}: ${why}`,
    );
  const branchRef = `refs/heads/${req.branch}`;
  const opts = { cwd: mirror, timeoutMs: LOCAL_TIMEOUT_MS };
  if (!(await gitTest(['rev-parse', '--verify', '--quiet', branchRef], opts))) {
    throw notOnBranch('the branch does not exist');
  }
  let sha: string;
  try {
    sha = (await runGit(['rev-parse', '--verify', '--quiet', `${req.commit}^{commit}`], opts)).trim();
  } catch {
    throw notOnBranch('no such commit in the repository');
  }
  if (!(await gitTest(['merge-base', '--is-ancestor', sha, branchRef], opts))) {
    throw notOnBranch('it is not reachable from the branch head');
  }
  return sha;
}

/**
 * A workspace is a repository whose objects come from the mirror through `alternates` (what `clone --shared`
 * does), so checkouts copy no history. Reused when it already points at this mirror; rebuilt otherwise.
 */
async function materialise(mirror: string, workspace: string, sha: string): Promise<void> {
  const gitDir = join(workspace, '.git');
  const alternates = join(gitDir, 'objects', 'info', 'alternates');
  const objects = join(mirror, 'objects');
  const current = await readFile(alternates, 'utf8').catch(() => null);
  if (current?.trim() !== objects) {
    await rm(gitDir, { recursive: true, force: true });
    await mkdir(workspace, { recursive: true });
    await runGit(['init', '--quiet', workspace]);
    await mkdir(dirname(alternates), { recursive: true });
    await writeFile(alternates, `${objects}\n`);
  }
  const opts = { cwd: workspace, timeoutMs: LOCAL_TIMEOUT_MS };
  await runGit(['checkout', '--quiet', '--force', '--detach', sha], opts);
  // checkout keeps index entries absent from both trees and untracked files; a build must see exactly the commit.
  await runGit(['reset', '--quiet', '--hard', sha], opts);
  await runGit(['clean', '--quiet', '-ffdx'], opts);
}
