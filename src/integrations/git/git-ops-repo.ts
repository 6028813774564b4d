import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { EMPTY_DEPLOYMENT } from '../../domain/deployment';
import { gitOpsValuesPath } from '../../domain/naming';
import type { CommitOutcome, DeploymentChange, GitOpsIo, GitOpsRepo } from '../../ports/git-ops';
import { GitError, createKeyedMutex, redactUrl, runGit } from './run-git';
import { changeLogArgs, commitWithTrailer, trailer } from './git-ops-change-trailer';
import { renderValues, stateFromValues, withWeight } from './git-ops-values';
import type { GitIdentity, RunGitOptions } from './run-git';

/** Concurrent writers of one branch race at the remote; each lost race is a cheap re-apply on the new head. */
const MAX_PUSH_ATTEMPTS = 12;
/** A fetch or push of a GitOps repo (small files) that takes this long is stuck, not slow. */
const NETWORK_TIMEOUT_MS = 60_000;
/** Plumbing on the local object store: milliseconds normally. */
const LOCAL_TIMEOUT_MS = 20_000;
/** While one git command runs, the activity still says it is alive. */
const HEARTBEAT_EVERY_MS = 5_000;

/** Push failures caused by someone else moving the branch first: fetch, re-apply and try again. */
const LOST_RACE = /\[rejected\]|non-fast-forward|fetch first|cannot lock ref|failed to update ref|incorrect old value/;

/** Per process, so two instances on the same directory share them: set-up once, fetches one at a time. */
const withRepoLock = createKeyedMutex();
/** One writer per values file: two changes to one file would only race each other. */
const withFileLock = createKeyedMutex();
/**
 * One push at a time per branch in this process. Every push moves the one branch, so parallel pushers from one
 * worker only lose races to each other (50 releases at once: pushes gave up after 12 lost races each). In turn,
 * each builds on the head the previous one pushed, without a fetch, and lands first time; races with other
 * workers are still fetched and re-applied. Preparing (fetch, the trailer search) stays parallel.
 */
const withPushTurn = createKeyedMutex();

export interface GitOpsRepoOptions {
  remoteUrl: string;
  workDir: string;
  branch?: string;
  author?: GitIdentity;
}

/**
 * The GitOps repo through Git plumbing on a bare-style local clone: no work tree and no shared index, so changes
 * to different services' values files are prepared and pushed in parallel; only fetches (which move the tracking
 * ref) take turns, and concurrent callers share one. Each change is built on the fetched head in a private
 * index, committed with its `Gantry-Change` trailer and pushed as that commit; a lost race re-applies it.
 */
export function createGitOpsRepo(opts: GitOpsRepoOptions): GitOpsRepo {
  const workDir = resolve(opts.workDir);
  const branch = opts.branch ?? 'main';
  const originRef = `refs/remotes/origin/${branch}`;
  const remote = redactUrl(opts.remoteUrl);
  let ready: Promise<void> | undefined;
  /** The next fetch, not started yet: callers arriving meanwhile share it (it starts after they asked). */
  let queuedFetch: Promise<string | null> | undefined;
  /** The branch head this process last pushed: the next push builds on it without a fetch. */
  let pushedHead: string | undefined;

  const git = (args: string[], io: GitOpsIo = {}, extra: RunGitOptions = {}): Promise<string> => {
    const run = runGit(['-c', 'gc.auto=0', ...args], {
      cwd: workDir,
      identity: opts.author,
      timeoutMs: LOCAL_TIMEOUT_MS,
      signal: io.signal,
      ...extra,
    });
    if (!io.heartbeat) return run;
    const phase = `git ${args[0]}`;
    io.heartbeat({ phase });
    const timer = setInterval(() => io.heartbeat?.({ phase }), HEARTBEAT_EVERY_MS);
    return run.finally(() => clearInterval(timer));
  };

  /** Creates the local repository once; no fetch refspec, so pushes never touch the tracking ref fetches own. */
  function setUp(): Promise<void> {
    ready ??= withRepoLock(workDir, async () => {
      if (!existsSync(join(workDir, '.git'))) {
        await mkdir(workDir, { recursive: true });
        await git(['init', '--quiet']);
      }
      await git(['config', 'remote.origin.url', opts.remoteUrl]);
      await git(['config', '--unset-all', 'remote.origin.fetch']).catch((err: unknown) => {
        if (!(err instanceof GitError && err.exitCode === 5)) throw err; // 5: was not set
      });
    }).catch((err: unknown) => {
      ready = undefined;
      throw err;
    });
    return ready;
  }

  /** origin/<branch> as the remote has it now (null for an empty remote). */
  async function fetch(io: GitOpsIo): Promise<string | null> {
    await setUp();
    queuedFetch ??= withRepoLock(workDir, async () => {
      queuedFetch = undefined;
      const refspec = `+refs/heads/${branch}:${originRef}`;
      try {
        await git(['fetch', '--quiet', '--no-tags', 'origin', refspec], io, { timeoutMs: NETWORK_TIMEOUT_MS });
      } catch (err) {
        // An empty remote has no branch to fetch: that is "no head", not an error.
        if (!(err instanceof GitError && /couldn't find remote ref/i.test(err.stderr))) throw err;
        if (await revParse(originRef)) await git(['update-ref', '-d', originRef]);
      }
      return revParse(originRef);
    });
    return queuedFetch;
  }

  /** The object a revision names, or null when it does not exist. */
  async function revParse(rev: string): Promise<string | null> {
    try {
      return (await git(['rev-parse', '--verify', '--quiet', rev])).trim();
    } catch (err) {
      if (err instanceof GitError && err.exitCode === 1) return null;
      throw err;
    }
  }

  /** The commit before `head` (inclusive) carrying this change's trailer, if any. */
  async function findChange(head: string | null, changeId: string): Promise<string | null> {
    if (!head) return null;
    return commitWithTrailer(await git(changeLogArgs(head, changeId)), changeId);
  }

  /** Whether `ancestor` (null: the empty branch) is reachable from `commit`. */
  async function isAncestor(ancestor: string | null, commit: string): Promise<boolean> {
    if (!ancestor) return true;
    try {
      await git(['merge-base', '--is-ancestor', ancestor, commit]);
      return true;
    } catch (err) {
      if (err instanceof GitError && err.exitCode === 1) return false;
      throw err;
    }
  }

  async function fileAt(commit: string | null, path: string): Promise<string | null> {
    if (!commit) return null;
    const blob = await revParse(`${commit}:${path}`);
    return blob ? git(['cat-file', 'blob', blob]) : null;
  }

  /**
   * A commit on `head` whose tree has `path` set to `text` (removed when null), built in a private index (no work
   * tree involved).
   */
  async function commitFile(
    head: string | null,
    path: string,
    text: string | null,
    message: string[],
  ): Promise<string> {
    const index = join(workDir, '.git', `gantry-index-${process.pid}-${randomBytes(6).toString('hex')}`);
    const env = { GIT_INDEX_FILE: index };
    try {
      await git(head ? ['read-tree', head] : ['read-tree', '--empty'], {}, { env });
      if (text === null) await git(['update-index', '--force-remove', '--', path], {}, { env });
      else {
        const blob = (await git(['hash-object', '-w', '--stdin'], {}, { input: text })).trim();
        await git(['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], {}, { env });
      }
      const tree = (await git(['write-tree'], {}, { env })).trim();
      const parents = head ? ['-p', head] : [];
      return (await git(['commit-tree', tree, ...parents, ...message.flatMap((m) => ['-m', m])])).trim();
    } finally {
      await rm(index, { force: true });
    }
  }

  async function read(service: string, environment: string, revision?: string, io: GitOpsIo = {}) {
    assertNames(service, environment);
    if (revision !== undefined && !/^[0-9a-f]{7,64}$/.test(revision)) throw new Error(`invalid revision '${revision}'`);
    const head = await fetch(io);
    if (!head) return EMPTY_DEPLOYMENT;
    const path = gitOpsValuesPath(service, environment);
    if (revision !== undefined && !(await revParse(`${revision}^{commit}`))) {
      throw new Error(`revision ${revision} is not in ${remote} (${branch})`);
    }
    const text = await fileAt(revision ?? head, path);
    return text === null ? EMPTY_DEPLOYMENT : stateFromValues(text, path);
  }

  async function commit(change: DeploymentChange, io: GitOpsIo = {}): Promise<CommitOutcome> {
    if (!change.changeId || change.changeId.trim() !== change.changeId || /[\r\n]/.test(change.changeId)) {
      throw new Error(`invalid changeId '${change.changeId}': must be one line without surrounding whitespace`);
    }
    assertNames(change.service, change.environment);
    const path = gitOpsValuesPath(change.service, change.environment);
    return withFileLock(`${workDir}\0${path}`, async () => {
      let lastRejection = '';
      for (let attempt = 1; attempt <= MAX_PUSH_ATTEMPTS; attempt++) {
        io.heartbeat?.({ phase: `committing ${change.changeId}, attempt ${attempt}` });
        // Each attempt re-applies the change to the fresh remote head rather than rebasing: the values file is
        // regenerated from the desired state, so there is nothing to merge.
        const fetched = await fetch(io);
        const existing = await findChange(fetched, change.changeId);
        if (existing) return { revision: existing, alreadyApplied: true };

        const outcome = await takingTurns(io, async (): Promise<CommitOutcome | 'lost'> => {
          // Our own last push is newer than a fetch that started before it; anything else the next fetch finds.
          const head =
            pushedHead && pushedHead !== fetched && (await isAncestor(fetched, pushedHead)) ? pushedHead : fetched;
          if (head !== fetched) {
            const again = await findChange(head, change.changeId);
            if (again) return { revision: again, alreadyApplied: true };
          }
          const text = await fileAt(head, path);
          if (change.remove && head && text === null) return { revision: head, alreadyApplied: false };
          const current = text === null || change.remove ? EMPTY_DEPLOYMENT : stateFromValues(text, path);
          const desired = withWeight({
            stable: change.set.stable !== undefined ? change.set.stable : current.stable,
            gray: change.set.gray !== undefined ? change.set.gray : current.gray,
            grayWeight: change.set.grayWeight !== undefined ? change.set.grayWeight : current.grayWeight,
          });
          if (
            head &&
            !change.remove &&
            desired.stable === current.stable &&
            desired.gray === current.gray &&
            desired.grayWeight === current.grayWeight
          ) {
            return { revision: head, alreadyApplied: false };
          }

          const message = change.message.trim() || `Update ${change.service} in ${change.environment}`;
          const rendered = change.remove ? null : renderValues(text, change.service, change.environment, desired);
          const revision = await commitFile(head, path, rendered, [message, trailer(change.changeId)]);
          try {
            await git(['push', '--porcelain', 'origin', `${revision}:refs/heads/${branch}`], io, {
              timeoutMs: NETWORK_TIMEOUT_MS,
            });
            pushedHead = revision;
            return { revision, alreadyApplied: false };
          } catch (err) {
            pushedHead = undefined;
            if (!(err instanceof GitError) || !LOST_RACE.test(`${err.stdout}\n${err.stderr}`)) throw err;
            lastRejection = err.message;
            return 'lost';
          }
        });
        if (outcome !== 'lost') return outcome;
        if (attempt < MAX_PUSH_ATTEMPTS) {
          await delay(Math.min(2000, 50 * 2 ** attempt) * (0.5 + Math.random()), undefined, { signal: io.signal });
        }
      }
      throw new Error(
        `could not push change ${change.changeId} to ${remote} (${branch}): the branch kept moving, ` +
          `gave up after ${MAX_PUSH_ATTEMPTS} attempts; last rejection: ${lastRejection}`,
      );
    });
  }

  /** Runs `fn` in this branch's push turn, heartbeating while it waits for the turn (a queue can be long). */
  async function takingTurns<T>(io: GitOpsIo, fn: () => Promise<T>): Promise<T> {
    const waiting = io.heartbeat
      ? setInterval(() => io.heartbeat?.({ phase: `waiting for the push turn of ${branch}` }), HEARTBEAT_EVERY_MS)
      : undefined;
    return withPushTurn(`${workDir}\0${branch}`, () => {
      clearInterval(waiting);
      io.signal?.throwIfAborted();
      return fn();
    }).finally(() => clearInterval(waiting));
  }

  return { read, commit };
}

/** The names become a path in the repository: keep them to one plain path segment each. */
function assertNames(service: string, environment: string): void {
  for (const name of [service, environment]) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`invalid service or environment name '${name}'`);
  }
}
