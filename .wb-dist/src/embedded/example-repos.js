"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ensureExampleRepos = ensureExampleRepos;
const node_fs_1 = require("node:fs");
const promises_1 = require("node:fs/promises");
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
const naming_1 = require("../domain/naming");
const run_git_1 = require("../integrations/git/run-git");
/**
 * Turns each example under examples/<service> into a local Git "server" repo with one branch per environment,
 * and installs a post-receive hook that tells Gantry about pushes in GitLab's push-hook shape.
 * Returns the services whose repos were created now (first run).
 */
async function ensureExampleRepos(opts) {
    await (0, promises_1.mkdir)(opts.reposDir, { recursive: true });
    const gitOps = (0, node_path_1.join)(opts.reposDir, 'gitops.git');
    if (!(0, node_fs_1.existsSync)(gitOps))
        await (0, run_git_1.runGit)(['init', '--quiet', '--bare', '--initial-branch=main', gitOps]);
    const created = [];
    for (const [service, spec] of Object.entries(opts.catalog.services)) {
        const source = (0, node_path_1.join)(opts.examplesDir, service);
        const bare = (0, node_path_1.join)(opts.reposDir, spec.repo);
        if (!(0, node_fs_1.existsSync)(source) || (0, node_fs_1.existsSync)(bare))
            continue;
        await (0, run_git_1.runGit)(['init', '--quiet', '--bare', '--initial-branch=main', bare]);
        const work = await (0, promises_1.mkdtemp)((0, node_path_1.join)((0, node_os_1.tmpdir)(), `gantry-import-${service}-`));
        try {
            await (0, promises_1.cp)(source, work, { recursive: true });
            await (0, run_git_1.runGit)(['init', '--quiet', '--initial-branch=main'], { cwd: work });
            await (0, run_git_1.runGit)(['add', '--all'], { cwd: work });
            await (0, run_git_1.runGit)(['commit', '--quiet', '-m', `Import ${service} example`], { cwd: work });
            const branches = new Set(['main']);
            for (const [env, envSpec] of Object.entries(opts.catalog.environments)) {
                branches.add((0, naming_1.branchFor)(spec, env, envSpec));
            }
            await (0, run_git_1.runGit)(['push', '--quiet', bare, ...[...branches].map((b) => `HEAD:refs/heads/${b}`)], { cwd: work });
        }
        finally {
            await (0, promises_1.rm)(work, { recursive: true, force: true });
        }
        if (opts.hookUrl)
            await installPushHook(bare, service, opts.hookUrl, opts.gitlabToken);
        created.push(service);
    }
    return created;
}
/** A post-receive hook that posts a GitLab-shaped push event per updated ref (hooks run after the push lands). */
async function installPushHook(bare, project, hookUrl, token) {
    const script = `
const [oldRev, newRev, ref] = process.argv.slice(1);
const zero = '0'.repeat(40);
const body = {
  object_kind: 'push', event_name: 'push', ref, before: oldRev, after: newRev,
  checkout_sha: newRev === zero ? null : newRev,
  user_username: process.env.GANTRY_USER || process.env.USER || 'developer',
  project: { path_with_namespace: ${JSON.stringify(project)}, git_http_url: ${JSON.stringify(`file://${bare}`)} },
};
fetch(${JSON.stringify(hookUrl)}, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': ${JSON.stringify(token)} },
  body: JSON.stringify(body),
}).then((r) => r.text()).then((t) => console.log('gantry: ' + t), (e) => console.log('gantry: not reachable: ' + e.message));
`;
    const hook = `#!/bin/sh\n# Installed by Gantry's embedded mode: announces pushes like a GitLab webhook.\nwhile read old new ref; do\n  "${process.execPath}" -e '${script.replace(/'/g, `'\\''`)}' "$old" "$new" "$ref"\ndone\n`;
    const file = (0, node_path_1.join)(bare, 'hooks', 'post-receive');
    await (0, promises_1.writeFile)(file, hook);
    await (0, promises_1.chmod)(file, 0o755);
}
//# sourceMappingURL=example-repos.js.map