import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '../config/catalog-schema';
import { branchFor } from '../domain/naming';
import { runGit } from '../integrations/git/run-git';

/**
 * Turns each example under examples/<service> into a local Git "server" repo with one branch per environment,
 * and installs a post-receive hook that tells Gantry about pushes in GitLab's push-hook shape.
 * Returns the services whose repos were created now (first run).
 */
export async function ensureExampleRepos(opts: {
  catalog: Catalog;
  examplesDir: string;
  reposDir: string;
  /** Where the push hook posts; without it no hook is installed (tests send deliveries themselves). */
  hookUrl?: string;
  gitlabToken: string;
}): Promise<string[]> {
  await mkdir(opts.reposDir, { recursive: true });
  const gitOps = join(opts.reposDir, 'gitops.git');
  if (!existsSync(gitOps)) await runGit(['init', '--quiet', '--bare', '--initial-branch=main', gitOps]);

  const created: string[] = [];
  for (const [service, spec] of Object.entries(opts.catalog.services)) {
    const source = join(opts.examplesDir, service);
    const bare = join(opts.reposDir, spec.repo);
    if (!existsSync(source) || existsSync(bare)) continue;
    await runGit(['init', '--quiet', '--bare', '--initial-branch=main', bare]);
    const work = await mkdtemp(join(tmpdir(), `gantry-import-${service}-`));
    try {
      await cp(source, work, { recursive: true });
      await runGit(['init', '--quiet', '--initial-branch=main'], { cwd: work });
      await runGit(['add', '--all'], { cwd: work });
      await runGit(['commit', '--quiet', '-m', `Import ${service} example`], { cwd: work });
      const branches = new Set(['main']);
      for (const [env, envSpec] of Object.entries(opts.catalog.environments)) {
        branches.add(branchFor(spec, env, envSpec));
      }
      await runGit(['push', '--quiet', bare, ...[...branches].map((b) => `HEAD:refs/heads/${b}`)], { cwd: work });
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    if (opts.hookUrl) await installPushHook(bare, service, opts.hookUrl, opts.gitlabToken);
    created.push(service);
  }
  return created;
}

/** A post-receive hook that posts a GitLab-shaped push event per updated ref (hooks run after the push lands). */
async function installPushHook(bare: string, project: string, hookUrl: string, token: string): Promise<void> {
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
  const file = join(bare, 'hooks', 'post-receive');
  await writeFile(file, hook);
  await chmod(file, 0o755);
}
