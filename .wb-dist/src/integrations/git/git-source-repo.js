"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CommitNotOnBranchError = void 0;
exports.createGitSourceRepo = createGitSourceRepo;
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const promises_1 = require("node:fs/promises");
const node_path_1 = require("node:path");
const run_git_1 = require("./run-git");
/** Generous: the first fetch of a large repository can take minutes. */
const FETCH_TIMEOUT_MS = 15 * 60_000;
const LOCAL_TIMEOUT_MS = 5 * 60_000;
/** The requested commit is missing or not reachable from the branch head: retrying will not help. */
class CommitNotOnBranchError extends Error {
    name = 'CommitNotOnBranchError';
}
exports.CommitNotOnBranchError = CommitNotOnBranchError;
const withMirrorLock = (0, run_git_1.createKeyedMutex)();
const withWorkspaceLock = (0, run_git_1.createKeyedMutex)();
function createGitSourceRepo(opts) {
    const cacheDir = (0, node_path_1.resolve)(opts.cacheDir);
    async function checkout(req) {
        assertArg('repository URL', req.repoUrl);
        assertArg('branch', req.branch);
        if (!/^[0-9a-f]{4,64}$/i.test(req.commit)) {
            throw new CommitNotOnBranchError(`invalid commit '${req.commit}': expected a hexadecimal commit id`);
        }
        const mirror = mirrorPath(cacheDir, req.repoUrl);
        const { sha, title } = await withMirrorLock(mirror, async () => {
            await ensureMirror(mirror, req.repoUrl);
            await (0, run_git_1.runGit)(['fetch', '--quiet', '--prune', '--no-tags', '--', req.repoUrl, '+refs/heads/*:refs/heads/*'], {
                cwd: mirror,
                timeoutMs: FETCH_TIMEOUT_MS,
            });
            const sha = await verifyOnBranch(mirror, req);
            const message = await (0, run_git_1.runGit)(['log', '-1', '--format=%B', sha], { cwd: mirror, timeoutMs: LOCAL_TIMEOUT_MS });
            return { sha, title: message.trim().split('\n')[0]?.trim() ?? '' };
        });
        const workspace = (0, node_path_1.resolve)(req.workspace);
        await withWorkspaceLock(workspace, () => materialise(mirror, workspace, sha));
        return { workspace: req.workspace, commit: sha, title };
    }
    async function headOf(repoUrl, branch) {
        assertArg('repository URL', repoUrl);
        assertArg('branch', branch);
        const ref = `refs/heads/${branch}`;
        const out = await (0, run_git_1.runGit)(['ls-remote', '--heads', '--', repoUrl, ref], { timeoutMs: FETCH_TIMEOUT_MS });
        // ls-remote matches patterns by suffix, so insist on the exact ref name.
        for (const line of out.split('\n')) {
            const [sha, name] = line.split('\t');
            if (sha && name === ref)
                return sha;
        }
        throw new Error(`branch ${branch} does not exist in ${(0, run_git_1.redactUrl)(repoUrl)}`);
    }
    return { checkout, headOf };
}
function mirrorPath(cacheDir, repoUrl) {
    const key = (0, node_crypto_1.createHash)('sha256').update(repoUrl).digest('hex').slice(0, 24);
    return (0, node_path_1.join)(cacheDir, 'mirrors', `${key}.git`);
}
/** Guards against values that git would parse as options (`--upload-pack=…`). */
function assertArg(what, value) {
    if (value === '' || value.startsWith('-') || /[\0\r\n]/.test(value)) {
        throw new Error(`invalid ${what} '${(0, run_git_1.redactUrl)(value)}'`);
    }
}
async function ensureMirror(mirror, repoUrl) {
    if ((0, node_fs_1.existsSync)((0, node_path_1.join)(mirror, 'HEAD')))
        return;
    // Initialise aside and rename, so a crash never leaves a half-made mirror that looks valid.
    await (0, promises_1.mkdir)((0, node_path_1.dirname)(mirror), { recursive: true });
    const staging = `${mirror}.${(0, node_crypto_1.randomUUID)()}.tmp`;
    await (0, run_git_1.runGit)(['init', '--quiet', '--bare', staging]);
    // Recorded for humans inspecting the cache; fetches always name the URL explicitly.
    await (0, run_git_1.runGit)(['config', 'gantry.url', (0, run_git_1.redactUrl)(repoUrl)], { cwd: staging });
    await (0, promises_1.rm)(mirror, { recursive: true, force: true });
    await (0, promises_1.rename)(staging, mirror);
}
async function verifyOnBranch(mirror, req) {
    const notOnBranch = (why) => new CommitNotOnBranchError(`commit ${req.commit} is not on branch ${req.branch} of ${(0, run_git_1.redactUrl)(req.repoUrl)}: ${why}`);
    const branchRef = `refs/heads/${req.branch}`;
    const opts = { cwd: mirror, timeoutMs: LOCAL_TIMEOUT_MS };
    if (!(await (0, run_git_1.gitTest)(['rev-parse', '--verify', '--quiet', branchRef], opts))) {
        throw notOnBranch('the branch does not exist');
    }
    let sha;
    try {
        sha = (await (0, run_git_1.runGit)(['rev-parse', '--verify', '--quiet', `${req.commit}^{commit}`], opts)).trim();
    }
    catch {
        throw notOnBranch('no such commit in the repository');
    }
    if (!(await (0, run_git_1.gitTest)(['merge-base', '--is-ancestor', sha, branchRef], opts))) {
        throw notOnBranch('it is not reachable from the branch head');
    }
    return sha;
}
/**
 * A workspace is a repository whose objects come from the mirror through `alternates` (what `clone --shared`
 * does), so checkouts copy no history. Reused when it already points at this mirror; rebuilt otherwise.
 */
async function materialise(mirror, workspace, sha) {
    const gitDir = (0, node_path_1.join)(workspace, '.git');
    const alternates = (0, node_path_1.join)(gitDir, 'objects', 'info', 'alternates');
    const objects = (0, node_path_1.join)(mirror, 'objects');
    const current = await (0, promises_1.readFile)(alternates, 'utf8').catch(() => null);
    if (current?.trim() !== objects) {
        await (0, promises_1.rm)(gitDir, { recursive: true, force: true });
        await (0, promises_1.mkdir)(workspace, { recursive: true });
        await (0, run_git_1.runGit)(['init', '--quiet', workspace]);
        await (0, promises_1.mkdir)((0, node_path_1.dirname)(alternates), { recursive: true });
        await (0, promises_1.writeFile)(alternates, `${objects}\n`);
    }
    const opts = { cwd: workspace, timeoutMs: LOCAL_TIMEOUT_MS };
    await (0, run_git_1.runGit)(['checkout', '--quiet', '--force', '--detach', sha], opts);
    // checkout keeps index entries absent from both trees and untracked files; a build must see exactly the commit.
    await (0, run_git_1.runGit)(['reset', '--quiet', '--hard', sha], opts);
    await (0, run_git_1.runGit)(['clean', '--quiet', '-ffdx'], opts);
}
//# sourceMappingURL=git-source-repo.js.map