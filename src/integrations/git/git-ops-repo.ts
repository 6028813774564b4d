import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Document, parse, parseDocument } from 'yaml';
import { EMPTY_DEPLOYMENT } from '../../domain/deployment';
import type { DeploymentState } from '../../domain/deployment';
import { gitOpsValuesPath } from '../../domain/naming';
import type { CommitOutcome, DeploymentChange, GitOpsRepo } from '../../ports/git-ops';
import { GitError, createKeyedMutex, redactUrl, runGit } from './run-git';
import type { GitIdentity, RunGitOptions } from './run-git';

export const CHANGE_TRAILER = 'Gantry-Change';
const MAX_PUSH_ATTEMPTS = 5;
const NETWORK_TIMEOUT_MS = 2 * 60_000;
const LOCAL_TIMEOUT_MS = 60_000;

/** Push failures caused by someone else moving the branch first: fetch, re-apply and try again. */
const LOST_RACE = /\[rejected\]|non-fast-forward|fetch first|cannot lock ref|failed to update ref|incorrect old value/;

const withWorkDirLock = createKeyedMutex();

export interface GitOpsRepoOptions {
  remoteUrl: string;
  workDir: string;
  branch?: string;
  author?: GitIdentity;
}

export function createGitOpsRepo(opts: GitOpsRepoOptions): GitOpsRepo {
  const workDir = resolve(opts.workDir);
  const branch = opts.branch ?? 'main';
  const originRef = `refs/remotes/origin/${branch}`;
  const remote = redactUrl(opts.remoteUrl);
  const git = (args: string[], extra: RunGitOptions = {}): Promise<string> =>
    runGit(args, { cwd: workDir, identity: opts.author, timeoutMs: LOCAL_TIMEOUT_MS, ...extra });

  /** First use clones (as init + fetch, which also copes with an empty remote); later uses just fetch. */
  async function fetch(): Promise<string | null> {
    if (!existsSync(join(workDir, '.git'))) {
      await mkdir(workDir, { recursive: true });
      await git(['init', '--quiet']);
    }
    await git(['config', 'remote.origin.url', opts.remoteUrl]);
    await git(['config', 'remote.origin.fetch', '+refs/heads/*:refs/remotes/origin/*']);
    await git(['fetch', '--quiet', '--prune', '--no-tags', 'origin'], { timeoutMs: NETWORK_TIMEOUT_MS });
    return revParse(originRef);
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

  /** Fetches and makes the work tree exactly origin/<branch>, discarding whatever an earlier attempt left. */
  async function syncToRemote(): Promise<string | null> {
    const head = await fetch();
    await git(['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
    if (head) {
      await git(['reset', '--quiet', '--hard', originRef]);
    } else {
      // Empty remote: start from an unborn branch.
      if (await revParse(`refs/heads/${branch}`)) await git(['update-ref', '-d', `refs/heads/${branch}`]);
      await git(['read-tree', '--empty']);
    }
    await git(['clean', '--quiet', '-ffdx']);
    return head;
  }

  /** The commit on origin/<branch> carrying this change's trailer, if any. */
  async function findChange(head: string | null, changeId: string): Promise<string | null> {
    if (!head) return null;
    const grep = `--grep=${CHANGE_TRAILER}: ${changeId}`;
    const format = `--format=%x1e%H%x1f%(trailers:key=${CHANGE_TRAILER},valueonly)`;
    const out = await git(['log', '--fixed-strings', grep, format, originRef]);
    // --grep matches anywhere in the message; only a real trailer counts.
    for (const record of out.split('\x1e')) {
      const [sha, trailers] = record.split('\x1f');
      if (sha && trailers?.split('\n').some((value) => value.trim() === changeId)) return sha.trim();
    }
    return null;
  }

  async function read(service: string, environment: string, revision?: string): Promise<DeploymentState> {
    assertNames(service, environment);
    if (revision !== undefined && !/^[0-9a-f]{7,64}$/.test(revision)) throw new Error(`invalid revision '${revision}'`);
    return withWorkDirLock(workDir, async () => {
      if (!(await fetch())) return EMPTY_DEPLOYMENT;
      const path = gitOpsValuesPath(service, environment);
      const blob = await revParse(`${revision ?? originRef}:${path}`);
      if (!blob) return EMPTY_DEPLOYMENT;
      return stateFromValues(await git(['cat-file', 'blob', blob]), path);
    });
  }

  async function commit(change: DeploymentChange): Promise<CommitOutcome> {
    if (!change.changeId || change.changeId.trim() !== change.changeId || /[\r\n]/.test(change.changeId)) {
      throw new Error(`invalid changeId '${change.changeId}': must be one line without surrounding whitespace`);
    }
    assertNames(change.service, change.environment);
    const path = gitOpsValuesPath(change.service, change.environment);
    const file = join(workDir, path);
    return withWorkDirLock(workDir, async () => {
      let lastRejection = '';
      for (let attempt = 1; attempt <= MAX_PUSH_ATTEMPTS; attempt++) {
        // Each attempt re-applies the change to the fresh remote head rather than rebasing: the values file is
        // regenerated from the desired state, so there is nothing to merge.
        const head = await syncToRemote();
        const existing = await findChange(head, change.changeId);
        if (existing) return { revision: existing, alreadyApplied: true };

        const text = existsSync(file) ? await readFile(file, 'utf8') : null;
        const current = text === null ? EMPTY_DEPLOYMENT : stateFromValues(text, path);
        const desired: DeploymentState = {
          stable: change.set.stable !== undefined ? change.set.stable : current.stable,
          gray: change.set.gray !== undefined ? change.set.gray : current.gray,
        };
        if (head && desired.stable === current.stable && desired.gray === current.gray) {
          return { revision: head, alreadyApplied: false };
        }

        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, renderValues(text, change.service, change.environment, desired));
        await git(['add', '--', path]);
        const message = change.message.trim() || `Update ${change.service} in ${change.environment}`;
        await git(['commit', '--quiet', '--cleanup=whitespace', '-m', message, '-m', trailer(change.changeId)]);
        const revision = (await git(['rev-parse', 'HEAD'])).trim();
        try {
          await git(['push', '--porcelain', 'origin', `HEAD:refs/heads/${branch}`], { timeoutMs: NETWORK_TIMEOUT_MS });
          return { revision, alreadyApplied: false };
        } catch (err) {
          if (!(err instanceof GitError) || !LOST_RACE.test(`${err.stdout}\n${err.stderr}`)) throw err;
          lastRejection = err.message;
        }
        if (attempt < MAX_PUSH_ATTEMPTS) await sleep(50 * 2 ** attempt + Math.random() * 100);
      }
      throw new Error(
        `could not push change ${change.changeId} to ${remote} (${branch}): the branch kept moving, ` +
          `gave up after ${MAX_PUSH_ATTEMPTS} attempts; last rejection: ${lastRejection}`,
      );
    });
  }

  return { read, commit };
}

/** The names become a path in the repository: keep them to one plain path segment each. */
function assertNames(service: string, environment: string): void {
  for (const name of [service, environment]) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Error(`invalid service or environment name '${name}'`);
  }
}

const trailer = (changeId: string): string => `${CHANGE_TRAILER}: ${changeId}`;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function imageOf(value: unknown, path: string): string | null {
  if (value == null || value === '') return null;
  if (typeof value !== 'string') throw new Error(`${path}: image must be a string or null`);
  return value;
}

/** Values file → state. A disabled gray track counts as no gray, whatever image it still names. */
export function stateFromValues(text: string, path: string): DeploymentState {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new Error(`${path}: invalid YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (doc == null) return EMPTY_DEPLOYMENT;
  if (!isRecord(doc)) throw new Error(`${path}: expected a YAML mapping`);
  const stable = isRecord(doc.stable) ? imageOf(doc.stable.image, path) : null;
  const gray = isRecord(doc.gray) && doc.gray.enabled === true ? imageOf(doc.gray.image, path) : null;
  return { stable, gray };
}

/** State → values file. Edits the existing document in place so keys and comments added by hand survive. */
export function renderValues(
  existing: string | null,
  service: string,
  environment: string,
  state: DeploymentState,
): string {
  const fresh = (): Document =>
    new Document({
      service,
      environment,
      stable: { image: state.stable },
      gray: { enabled: state.gray !== null, image: state.gray },
    });
  if (existing === null) return fresh().toString();
  const doc = parseDocument(existing);
  if (doc.errors.length > 0 || !isRecord(doc.toJS())) return fresh().toString();
  try {
    doc.set('service', service);
    doc.set('environment', environment);
    doc.setIn(['stable', 'image'], state.stable);
    doc.setIn(['gray', 'enabled'], state.gray !== null);
    doc.setIn(['gray', 'image'], state.gray);
  } catch {
    // `stable` or `gray` was not a mapping: the file is ours to regenerate.
    return fresh().toString();
  }
  return doc.toString();
}
