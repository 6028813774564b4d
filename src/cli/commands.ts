import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { AuditEntry } from '../domain/actor';
import type { PipelineProgress, ReleaseProgress } from '../domain/progress';
import type { HealthyRun, PromotionSource } from '../domain/promotion';
import { isFinished } from '../domain/release-status';
import type { ReleaseSummary } from '../client/gantry-client';
import type { ApiClient } from './api-client';
import { formatAuditEntry } from './format-audit';
import type { PreviewProgress } from '../workflows/preview-messages';
import { renderDeployments } from './render-deployments';
import { createProgressPrinter, describePromotion, renderPreview, renderProgress } from './render-progress';

export interface CommandContext {
  api: ApiClient;
  user: string | undefined;
  out: NodeJS.WriteStream;
}

export interface ParsedArgs {
  positionals: string[];
  values: {
    image?: string;
    reason?: string;
    as?: string;
    follow?: boolean;
    rollback?: boolean;
    rerun?: boolean;
    filter?: string;
    commit?: string;
    'override-promotion'?: boolean;
    'by-service'?: boolean;
  };
}

const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

/**
 * The person `--as`/GANTRY_USER names, if any. Only the embedded all-in-one on loopback honours it (and asks for
 * it when missing); a shared server takes the person from the login or GANTRY_TOKEN.
 */
function who(ctx: CommandContext, args: ParsedArgs): string | undefined {
  return args.values.as ?? ctx.user;
}

function need(args: ParsedArgs, count: number, usage: string): string[] {
  if (args.positionals.length < count) throw new Error(`usage: gantry ${usage}`);
  return args.positionals;
}

const waitsForSomeone = (status: string) => status === 'waiting-for-window' || status === 'waiting-for-promotion';

async function follow(ctx: CommandContext, fetch: () => Promise<ReleaseProgress | PipelineProgress>, once: boolean) {
  const print = createProgressPrinter(ctx.out);
  for (;;) {
    const progress = await fetch();
    print(renderProgress(progress));
    // A release waiting for its window or for a person's promote stays so until someone acts: stop there too.
    if (once || isFinished(progress.status) || waitsForSomeone(progress.status)) return progress;
    await delay(1000);
  }
}

/** Each command maps to one API call; the workflows decide and explain. */
export const commands: Record<
  string,
  { usage: string; run: (ctx: CommandContext, args: ParsedArgs) => Promise<void> }
> = {
  release: {
    usage:
      'release <service> <env> [--image REF] [--reason TEXT] [--rollback] [--override-promotion --image REF --reason TEXT] [--follow] [--as USER]',
    async run(ctx, args) {
      const [service, env] = need(args, 2, this.usage);
      const res = await ctx.api.post<{ workflowId: string; image: string; promotion?: PromotionSource }>(
        '/api/releases',
        {
          service,
          environment: env,
          image: args.values.image,
          reason: args.values.reason,
          rollback: args.values.rollback ?? false,
          overridePromotion: args.values['override-promotion'] ?? false,
          requestedBy: who(ctx, args),
          requestId: randomUUID(),
        },
      );
      if (res.promotion) ctx.out.write(`${describePromotion(res.image, res.promotion)}\n`);
      ctx.out.write(`release requested: ${res.workflowId} (${res.image})\n`);
      if (args.values.follow) await follow(ctx, () => ctx.api.get(`/api/releases/${path(service!, env!)}`), false);
    },
  },
  status: {
    usage: 'status <service> <env> [--follow]',
    async run(ctx, args) {
      const [service, env] = need(args, 2, this.usage);
      await follow(ctx, () => ctx.api.get(`/api/releases/${path(service!, env!)}`), !args.values.follow);
    },
  },
  ci: {
    usage: 'ci <service> <env> <commit> [--rerun --as USER] [--follow]',
    async run(ctx, args) {
      const [service, env, commit] = need(args, 3, this.usage);
      if (args.values.rerun) {
        // A failed pipeline is never re-run by a push; this is the explicit, audited way.
        const res = await ctx.api.post<{ workflowId: string; joined: boolean; status?: string }>('/api/pipelines', {
          service,
          environment: env,
          commit,
          triggeredBy: who(ctx, args),
          rerun: true,
        });
        ctx.out.write(
          res.joined
            ? `already re-running: ${res.workflowId} (${res.status})\n`
            : `re-run started: ${res.workflowId}\n`,
        );
      }
      await follow(ctx, () => ctx.api.get(`/api/pipelines/${path(service!, env!, commit!)}`), !args.values.follow);
    },
  },
  list: {
    usage: 'list [--filter running|waiting|stuck|all] | list --by-service',
    async run(ctx, args) {
      if (args.values['by-service']) {
        const deployed = await ctx.api.get<Record<string, Record<string, HealthyRun>>>('/api/deployments');
        for (const line of renderDeployments(deployed)) ctx.out.write(`${line}\n`);
        return;
      }
      const filter = args.values.filter ?? 'running';
      const rows = await ctx.api.get<(ReleaseSummary | ReleaseProgress)[]>(
        `/api/releases?filter=${encodeURIComponent(filter)}`,
      );
      if (rows.length === 0) ctx.out.write(`no ${filter} releases\n`);
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
      const entries = await ctx.api.get<AuditEntry[]>(`/api/releases/${path(service!, env!)}/audit`);
      if (entries.length === 0) ctx.out.write(`no release of ${service} in ${env} yet\n`);
      for (const e of entries) ctx.out.write(`${formatAuditEntry(e)}\n`);
    },
  },
  preview: {
    usage: 'preview <service> <merge request iid>   # the preview environment of a merge request',
    async run(ctx, args) {
      const [service, iid] = need(args, 2, this.usage);
      const p = await ctx.api.get<PreviewProgress>(`/api/previews/${path(service!, iid!)}`);
      for (const line of renderPreview(p)) ctx.out.write(`${line}\n`);
    },
  },
  logs: {
    usage: 'logs <log id>',
    async run(ctx, args) {
      const [id] = need(args, 1, this.usage);
      ctx.out.write(await ctx.api.get<string>(`/api/logs/${id!.split('/').map(encodeURIComponent).join('/')}`));
    },
  },
};

for (const [kind, verb] of [
  ['approve', 'approve an emergency release outside its window'],
  ['promote', 'promote gray to full'],
  ['rollback', 'roll back the running release'],
  ['abort', 'abort the release (rolls back what changed)'],
] as const) {
  commands[kind] = {
    usage: `${kind} <service> <env> ${kind === 'promote' ? '[--reason TEXT]' : '--reason TEXT'} [--as USER]   # ${verb}`,
    async run(ctx, args) {
      const [service, env] = need(args, 2, this.usage);
      const res = await ctx.api.post<{ message: string }>(`/api/releases/${path(service!, env!)}/${kind}`, {
        by: who(ctx, args),
        reason: args.values.reason,
        requestId: randomUUID(),
      });
      ctx.out.write(`${res.message}\n`);
    },
  };
}
