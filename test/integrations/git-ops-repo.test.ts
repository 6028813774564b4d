import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { gitOpsValuesPath } from '../../src/domain/naming';
import { createGitOpsRepo } from '../../src/integrations/git/git-ops-repo';
import type { DeploymentChange, GitOpsRepo } from '../../src/ports/git-ops';
import {
  branchHead,
  cleanupGitFixtures,
  commitFiles,
  createBareRepo,
  installHook,
  logOf,
  makeTempDir,
  prepareCommit,
  readFileAt,
} from '../harness/git-fixtures';

describe('git ops repo (real git)', () => {
  afterAll(cleanupGitFixtures);

  /** A remote with one unrelated commit, and a GitOpsRepo working on it. */
  async function setup(): Promise<{ remoteUrl: string; workDir: string; repo: GitOpsRepo }> {
    const remoteUrl = await createBareRepo();
    await commitFiles(remoteUrl, 'main', { 'README.md': 'gitops\n' }, 'Initial commit');
    const workDir = await makeTempDir('gantry-gitops-');
    return { remoteUrl, workDir, repo: createGitOpsRepo({ remoteUrl, workDir }) };
  }

  const change = (over: Partial<DeploymentChange> = {}): DeploymentChange => ({
    service: 'api',
    environment: 'dev',
    set: { stable: 'registry.local/api@sha256:aaa' },
    changeId: 'release/api/dev#1',
    message: 'Deploy api to dev',
    ...over,
  });

  it('reads a missing values file as no deployment, also on an empty remote', async () => {
    const { repo } = await setup();
    expect(await repo.read('api', 'dev')).toEqual({ stable: null, gray: null });

    const empty = createGitOpsRepo({ remoteUrl: await createBareRepo(), workDir: await makeTempDir() });
    expect(await empty.read('api', 'dev')).toEqual({ stable: null, gray: null });
  });

  it('commits the values file once, with the trailer, and pushes it', async () => {
    const { remoteUrl, repo } = await setup();
    const before = await logOf(remoteUrl, 'main');

    const outcome = await repo.commit(change({ set: { stable: 'img:1', gray: 'img:2' } }));

    const after = await logOf(remoteUrl, 'main');
    expect(after).toHaveLength(before.length + 1);
    expect(outcome).toEqual({ revision: after[0]?.sha, alreadyApplied: false });
    expect(after[0]?.message).toBe('Deploy api to dev\n\nGantry-Change: release/api/dev#1');
    expect(after[0]?.files).toEqual(['environments/dev/api.yaml']);
    expect(parse(await readFileAt(remoteUrl, outcome.revision, gitOpsValuesPath('api', 'dev')))).toEqual({
      service: 'api',
      environment: 'dev',
      stable: { image: 'img:1', artifact: 'image' },
      gray: { enabled: true, image: 'img:2', artifact: 'image' },
    });
    expect(await repo.read('api', 'dev')).toEqual({ stable: 'img:1', gray: 'img:2' });
  });

  it('makes one commit when the same change runs twice, even from another work dir and after later commits', async () => {
    const { remoteUrl, repo } = await setup();
    const first = await repo.commit(change());
    const second = await repo.commit(change());
    expect(second).toEqual({ revision: first.revision, alreadyApplied: true });

    // A retried activity on another worker, after someone else committed on top.
    await commitFiles(remoteUrl, 'main', { 'README.md': 'edited\n' }, 'Unrelated');
    const elsewhere = createGitOpsRepo({ remoteUrl, workDir: await makeTempDir() });
    expect(await elsewhere.commit(change())).toEqual({ revision: first.revision, alreadyApplied: true });

    const carrying = (await logOf(remoteUrl, 'main')).filter((c) => c.message.includes('Gantry-Change:'));
    expect(carrying).toHaveLength(1);
  });

  it('does not mistake a change id mentioned in a message body for the trailer', async () => {
    const { remoteUrl, repo } = await setup();
    await commitFiles(remoteUrl, 'main', {}, 'Notes\n\nSee Gantry-Change: release/api/dev#1 later.\n\nOther: x');
    expect(await repo.commit(change())).toMatchObject({ alreadyApplied: false });
  });

  it('keeps fields the change leaves out, and keys and comments added by hand', async () => {
    const { remoteUrl, repo } = await setup();
    const path = gitOpsValuesPath('api', 'dev');
    await commitFiles(
      remoteUrl,
      'main',
      { [path]: '# owned by team api\nservice: api\nenvironment: dev\nreplicas: 3\nstable:\n  image: img:1\n' },
      'Hand-written values',
    );

    const { revision } = await repo.commit(change({ set: { gray: 'img:2' }, changeId: 'gray-1' }));

    const text = await readFileAt(remoteUrl, revision, path);
    expect(text).toContain('# owned by team api');
    expect(parse(text)).toMatchObject({
      replicas: 3,
      stable: { image: 'img:1' },
      gray: { enabled: true, image: 'img:2' },
    });
    const { revision: cleared } = await repo.commit(change({ set: { gray: null }, changeId: 'gray-1-done' }));
    expect(parse(await readFileAt(remoteUrl, cleared, path))).toMatchObject({ gray: { enabled: false, image: null } });
    expect(await repo.read('api', 'dev')).toEqual({ stable: 'img:1', gray: null });
  });

  it('makes no commit when the values are already in place', async () => {
    const { remoteUrl, repo } = await setup();
    await repo.commit(change({ set: { stable: 'img:1', gray: null }, changeId: 'a' }));
    const head = await branchHead(remoteUrl, 'main');

    const outcome = await repo.commit(change({ set: { stable: 'img:1' }, changeId: 'b' }));

    expect(outcome).toEqual({ revision: head, alreadyApplied: false });
    expect(await branchHead(remoteUrl, 'main')).toBe(head);
  });

  it('removes a values file in one commit, once per change id, and needs none when it is already gone', async () => {
    const { remoteUrl, repo } = await setup();
    const path = gitOpsValuesPath('api', 'preview-7');
    await repo.commit(change({ environment: 'preview-7', set: { stable: 'img:1', gray: null }, changeId: 'open-7' }));
    const gone = change({ environment: 'preview-7', set: {}, remove: true, changeId: 'remove-7', message: 'gone' });

    const removed = await repo.commit(gone);

    const [last] = await logOf(remoteUrl, 'main');
    expect(removed).toEqual({ revision: last?.sha, alreadyApplied: false });
    expect(last).toMatchObject({ message: 'gone\n\nGantry-Change: remove-7', files: [path] });
    await expect(readFileAt(remoteUrl, removed.revision, path)).rejects.toThrow();
    expect(await readFileAt(remoteUrl, removed.revision, 'README.md')).toBe('gitops\n');
    expect(await repo.read('api', 'preview-7')).toEqual({ stable: null, gray: null });
    // A retried activity finds its commit; another removal of an absent file changes nothing.
    expect(await repo.commit(gone)).toEqual({ revision: removed.revision, alreadyApplied: true });
    expect(await repo.commit({ ...gone, changeId: 'remove-7-again' })).toEqual({
      revision: removed.revision,
      alreadyApplied: false,
    });
    expect(await branchHead(remoteUrl, 'main')).toBe(removed.revision);
  });

  it('rejects names that would escape the environments directory', async () => {
    const { repo } = await setup();
    await expect(repo.commit(change({ service: '../../etc' }))).rejects.toThrow('invalid service or environment name');
  });

  it('creates the first commit of an empty remote', async () => {
    const remoteUrl = await createBareRepo();
    const repo = createGitOpsRepo({ remoteUrl, workDir: await makeTempDir(), branch: 'main' });
    const outcome = await repo.commit(change());
    expect(await branchHead(remoteUrl, 'main')).toBe(outcome.revision);
    expect(await repo.read('api', 'dev')).toEqual({ stable: 'registry.local/api@sha256:aaa', gray: null });
  });

  it('re-applies and retries when another writer pushes between our fetch and our push', async () => {
    const { remoteUrl, workDir, repo } = await setup();
    await repo.read('api', 'dev'); // creates the work clone, so the hook can be installed in it
    const other = await prepareCommit(
      remoteUrl,
      'main',
      { [gitOpsValuesPath('web', 'dev')]: 'service: web\n' },
      'Deploy web (someone else)',
    );
    const marker = join(await makeTempDir(), 'raced');
    await installHook(
      workDir,
      'pre-push',
      `[ -e '${marker}' ] && exit 0\ntouch '${marker}'\ngit -C '${other.dir}' push --quiet origin HEAD:refs/heads/main`,
    );

    const outcome = await repo.commit(change());

    const log = await logOf(remoteUrl, 'main');
    expect(log[0]?.sha).toBe(outcome.revision);
    expect(log[1]?.sha).toBe(other.sha); // ours was re-applied on top of theirs
    expect(log.filter((c) => c.files.length > 0).map((c) => c.files[0])).toEqual([
      'environments/dev/api.yaml',
      'environments/dev/web.yaml',
      'README.md',
    ]);
  });

  it('lands concurrent changes from several work dirs, each exactly once', async () => {
    const { remoteUrl } = await setup();
    const services = ['a', 'b', 'c', 'd'];
    const writers = await Promise.all(
      services.map(async (service) => ({
        service,
        repo: createGitOpsRepo({ remoteUrl, workDir: await makeTempDir() }),
      })),
    );

    const outcomes = await Promise.all(
      writers.map(({ service, repo }) => repo.commit(change({ service, changeId: `change-${service}` }))),
    );

    const log = await logOf(remoteUrl, 'main');
    for (const [i, service] of services.entries()) {
      const landed = log.filter((c) => c.message.endsWith(`Gantry-Change: change-${service}`));
      expect(landed.map((c) => c.sha)).toEqual([outcomes[i]?.revision]);
    }
    expect(log).toHaveLength(services.length + 1);
  });

  it('serialises concurrent commits through one instance', async () => {
    const { remoteUrl, repo } = await setup();
    const outcomes = await Promise.all(
      ['x', 'y', 'y'].map((service, i) => repo.commit(change({ service, changeId: `c-${service}`, message: `${i}` }))),
    );
    expect(outcomes.map((o) => o.alreadyApplied)).toEqual([false, false, true]);
    expect(outcomes[2]?.revision).toBe(outcomes[1]?.revision);
    expect(await logOf(remoteUrl, 'main')).toHaveLength(3);
  });

  it("prepares two services' changes in parallel and pushes them in turn: each lands first time, once", async () => {
    const { remoteUrl, workDir, repo } = await setup();
    await repo.read('api', 'dev'); // creates the local repo, so the hook can be installed in it
    const trace = join(await makeTempDir(), 'pushes');
    await installHook(workDir, 'pre-push', `echo start >> '${trace}'; sleep 1; echo end >> '${trace}'`);
    const beats: string[] = [];
    const io = { heartbeat: (d: { phase: string }) => void beats.push(d.phase) };

    const outcomes = await Promise.all(
      ['api', 'web'].map((service) => repo.commit(change({ service, changeId: `change-${service}` }), io)),
    );

    const pushes = (await readFile(trace, 'utf8')).trim().split('\n');
    // In turn, the second built on the head the first pushed: two pushes, no lost race, no re-apply.
    expect(pushes).toEqual(['start', 'end', 'start', 'end']);
    const log = await logOf(remoteUrl, 'main');
    for (const [i, service] of ['api', 'web'].entries()) {
      const landed = log.filter((c) => c.message.endsWith(`Gantry-Change: change-${service}`));
      expect(landed.map((c) => c.sha)).toEqual([outcomes[i]?.revision]);
    }
    expect(log).toHaveLength(3);
    expect(await repo.read('web', 'dev')).toEqual({ stable: 'registry.local/api@sha256:aaa', gray: null });
    expect(beats).toContainEqual(expect.stringContaining('git push'));
  });

  it('gives up with a clear error when the branch keeps moving', async () => {
    const { remoteUrl, workDir, repo } = await setup();
    await repo.read('api', 'dev');
    const other = await prepareCommit(remoteUrl, 'main', {}, 'base for noise');
    await installHook(
      workDir,
      'pre-push',
      [
        `cd '${other.dir}' && git fetch --quiet origin main && git reset --quiet --hard FETCH_HEAD`,
        `date +%s%N >> noise.txt && git add noise.txt && git commit --quiet -m noise`,
        `git push --quiet origin HEAD:refs/heads/main`,
      ].join(' && '),
    );

    await expect(repo.commit(change())).rejects.toThrow(
      /could not push change release\/api\/dev#1 .*after 12 attempts/,
    );
  });
});
