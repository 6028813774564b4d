"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.restoreDeployments = restoreDeployments;
const run_git_1 = require("../integrations/git/run-git");
/**
 * The local target stops its services with Gantry; on start, bring back what the GitOps repo says should run,
 * the way Argo CD reconciles after a restart: every catalog environment, and the merge request previews still open
 * (their preview workflows wait for the next event and would not deploy again). Failures are reported, not fatal:
 * releases fix them.
 */
async function restoreDeployments(opts) {
    const head = (await (0, run_git_1.runGit)(['ls-remote', opts.gitOpsRemote, 'refs/heads/main'])).split('\t')[0]?.trim();
    if (!head)
        return;
    const io = { signal: new AbortController().signal, heartbeat: () => undefined };
    const refs = [
        ...Object.keys(opts.catalog.services).flatMap((service) => Object.keys(opts.catalog.environments).map((environment) => ({ service, environment }))),
        ...(opts.previews ?? []),
    ];
    for (const ref of refs) {
        try {
            await opts.target.sync(ref, head, io);
        }
        catch (err) {
            opts.log(`[gantry] could not restore ${ref.service}/${ref.environment}: ${err.message}`);
        }
    }
}
//# sourceMappingURL=restore-deployments.js.map