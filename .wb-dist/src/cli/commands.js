"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.commands = void 0;
const node_crypto_1 = require("node:crypto");
const promises_1 = require("node:timers/promises");
const release_status_1 = require("../domain/release-status");
const format_audit_1 = require("./format-audit");
const render_deployments_1 = require("./render-deployments");
const render_progress_1 = require("./render-progress");
const path = (...parts) => parts.map(encodeURIComponent).join('/');
/**
 * The person `--as`/GANTRY_USER names, if any. Only the embedded all-in-one on loopback honours it (and asks for
 * it when missing); a shared server takes the person from the login or GANTRY_TOKEN.
 */
function who(ctx, args) {
    return args.values.as ?? ctx.user;
}
function need(args, count, usage) {
    if (args.positionals.length < count)
        throw new Error(`usage: gantry ${usage}`);
    return args.positionals;
}
async function follow(ctx, fetch, once) {
    const print = (0, render_progress_1.createProgressPrinter)(ctx.out);
    for (;;) {
        const progress = await fetch();
        print((0, render_progress_1.renderProgress)(progress));
        if (once || (0, release_status_1.isFinished)(progress.status))
            return progress;
        await (0, promises_1.setTimeout)(1000);
    }
}
/** Each command maps to one API call; the workflows decide and explain. */
exports.commands = {
    release: {
        usage: 'release <service> <env> [--image REF] [--reason TEXT] [--rollback] [--override-promotion --image REF --reason TEXT] [--follow] [--as USER]',
        async run(ctx, args) {
            const [service, env] = need(args, 2, this.usage);
            const res = await ctx.api.post('/api/releases', {
                service,
                environment: env,
                image: args.values.image,
                reason: args.values.reason,
                rollback: args.values.rollback ?? false,
                overridePromotion: args.values['override-promotion'] ?? false,
                requestedBy: who(ctx, args),
                requestId: (0, node_crypto_1.randomUUID)(),
            });
            if (res.promotion)
                ctx.out.write(`${(0, render_progress_1.describePromotion)(res.image, res.promotion)}\n`);
            ctx.out.write(`release requested: ${res.workflowId} (${res.image})\n`);
            if (args.values.follow)
                await follow(ctx, () => ctx.api.get(`/api/releases/${path(service, env)}`), false);
        },
    },
    status: {
        usage: 'status <service> <env> [--follow]',
        async run(ctx, args) {
            const [service, env] = need(args, 2, this.usage);
            await follow(ctx, () => ctx.api.get(`/api/releases/${path(service, env)}`), !args.values.follow);
        },
    },
    ci: {
        usage: 'ci <service> <env> <commit> [--rerun --as USER] [--follow]',
        async run(ctx, args) {
            const [service, env, commit] = need(args, 3, this.usage);
            if (args.values.rerun) {
                // A failed pipeline is never re-run by a push; this is the explicit, audited way.
                const res = await ctx.api.post('/api/pipelines', {
                    service,
                    environment: env,
                    commit,
                    triggeredBy: who(ctx, args),
                    rerun: true,
                });
                ctx.out.write(res.joined
                    ? `already re-running: ${res.workflowId} (${res.status})\n`
                    : `re-run started: ${res.workflowId}\n`);
            }
            await follow(ctx, () => ctx.api.get(`/api/pipelines/${path(service, env, commit)}`), !args.values.follow);
        },
    },
    list: {
        usage: 'list [--filter running|waiting|stuck|all] | list --by-service',
        async run(ctx, args) {
            if (args.values['by-service']) {
                const deployed = await ctx.api.get('/api/deployments');
                for (const line of (0, render_deployments_1.renderDeployments)(deployed))
                    ctx.out.write(`${line}\n`);
                return;
            }
            const filter = args.values.filter ?? 'running';
            const rows = await ctx.api.get(`/api/releases?filter=${encodeURIComponent(filter)}`);
            if (rows.length === 0)
                ctx.out.write(`no ${filter} releases\n`);
            for (const r of rows) {
                const wake = r.wakeAt ? ` wakes ${r.wakeAt}` : '';
                ctx.out.write(`${r.service}/${r.environment}  ${r.status.padEnd(22)} ${r.image}${wake}\n`);
            }
        },
    },
    audit: {
        usage: 'audit <service> <env>   # who requested and decided what, when and how',
        async run(ctx, args) {
            const [service, env] = need(args, 2, this.usage);
            const entries = await ctx.api.get(`/api/releases/${path(service, env)}/audit`);
            if (entries.length === 0)
                ctx.out.write(`no release of ${service} in ${env} yet\n`);
            for (const e of entries)
                ctx.out.write(`${(0, format_audit_1.formatAuditEntry)(e)}\n`);
        },
    },
    preview: {
        usage: 'preview <service> <merge request iid>   # the preview environment of a merge request',
        async run(ctx, args) {
            const [service, iid] = need(args, 2, this.usage);
            const p = await ctx.api.get(`/api/previews/${path(service, iid)}`);
            for (const line of (0, render_progress_1.renderPreview)(p))
                ctx.out.write(`${line}\n`);
        },
    },
    logs: {
        usage: 'logs <log id>',
        async run(ctx, args) {
            const [id] = need(args, 1, this.usage);
            ctx.out.write(await ctx.api.get(`/api/logs/${id.split('/').map(encodeURIComponent).join('/')}`));
        },
    },
};
for (const [kind, verb] of [
    ['approve', 'approve an emergency release outside its window'],
    ['promote', 'promote gray to full'],
    ['rollback', 'roll back the running release'],
    ['abort', 'abort the release (rolls back what changed)'],
]) {
    exports.commands[kind] = {
        usage: `${kind} <service> <env> ${kind === 'promote' ? '[--reason TEXT]' : '--reason TEXT'} [--as USER]   # ${verb}`,
        async run(ctx, args) {
            const [service, env] = need(args, 2, this.usage);
            const res = await ctx.api.post(`/api/releases/${path(service, env)}/${kind}`, {
                by: who(ctx, args),
                reason: args.values.reason,
                requestId: (0, node_crypto_1.randomUUID)(),
            });
            ctx.out.write(`${res.message}\n`);
        },
    };
}
//# sourceMappingURL=commands.js.map