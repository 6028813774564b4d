import { randomUUID } from 'node:crypto';
import type { PipelineProgress, ReleaseProgress } from '../domain/progress';
import type { ReleaseSummary } from '../client/gantry-client';
import type { ApiClient } from './api-client';
import { createProgressPrinter, renderProgress } from './render-progress';

const FINAL = new Set(['succeeded', 'failed', 'rolled-back', 'aborted', 'superseded']);

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
    filter?: string;
    commit?: string;
  };
}

const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

function who(ctx: CommandContext, args: ParsedArgs): string {
  const user = args.values.as ?? ctx.user;
  if (!user) throw new Error('who are you? pass --as <person id> or set GANTRY_USER');
  return user;
}

function need(args: ParsedArgs, count: number, usage: string): string[] {
  if (args.positionals.length < count) throw new Error(`usage: gantry ${usage}`);
  return args.positionals;
}

async function follow(ctx: CommandContext, fetch: () => Promise<ReleaseProgress | PipelineProgress>, once: boolean) {
  const print = createProgressPrinter(ctx.out);
  for (;;) {
    const progress = await fetch();
    print(renderProgress(progress));
    if (once || FINAL.has(progress.status)) return progress;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Each command maps to one API call; the workflows decide and explain. */
export const commands: Record<
  string,
  { usage: string; run: (ctx: CommandContext, args: ParsedArgs) => Promise<void> }
> = {
  release: {
    usage: 'release <service> <env> [--image REF] [--reason TEXT] [--rollback] [--follow] [--as USER]',
    async run(ctx, args) {
      const [service, env] = need(args, 2, this.usage);
      const res = await ctx.api.post<{ workflowId: string; image: string }>('/api/releases', {
        service,
        environment: env,
        image: args.values.image,
        reason: args.values.reason,
        rollback: args.values.rollback ?? false,
        requestedBy: who(ctx, args),
        requestId: randomUUID(),
      });
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
    usage: 'ci <service> <env> <commit> [--follow]',
    async run(ctx, args) {
      const [service, env, commit] = need(args, 3, this.usage);
      await follow(ctx, () => ctx.api.get(`/api/pipelines/${path(service!, env!, commit!)}`), !args.values.follow);
    },
  },
  list: {
    usage: 'list [--filter running|waiting|stuck|all]',
    async run(ctx, args) {
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
