import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { HttpError } from './http-io';

const ZERO_SHA = '0000000000000000000000000000000000000000';

const pushSchema = z.object({
  object_kind: z.string(),
  ref: z.string(),
  after: z.string(),
  checkout_sha: z.string().nullable().optional(),
  user_username: z.string().optional(),
  project: z.object({
    path_with_namespace: z.string().optional(),
    git_http_url: z.string().optional(),
    git_ssh_url: z.string().optional(),
  }),
});

export interface PushEvent {
  branch: string;
  commit: string;
  pusher: string;
  repoUrls: string[];
  pathWithNamespace?: string;
}

/** Constant-time comparison of the shared secret GitLab sends in plain text. */
export function verifyGitlabToken(req: IncomingMessage, expected: string): void {
  if (!expected) return;
  const given = Buffer.from(String(req.headers['x-gitlab-token'] ?? ''));
  const want = Buffer.from(expected);
  if (given.length !== want.length || !timingSafeEqual(given, want)) throw new HttpError(401, 'invalid X-Gitlab-Token');
}

/** A GitLab push body → the push we act on, or the reason we ignore it (answered 2xx so GitLab keeps the hook). */
export function parseGitlabPush(body: unknown): PushEvent | { ignored: string } {
  const parsed = pushSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(400, `not a GitLab push event: ${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  const push = parsed.data;
  if (push.object_kind !== 'push') return { ignored: `event ${push.object_kind} is not handled` };
  if (!push.ref.startsWith('refs/heads/')) return { ignored: `ref ${push.ref} is not a branch` };
  if (push.after === ZERO_SHA || !push.checkout_sha) return { ignored: 'branch deleted' };
  return {
    branch: push.ref.slice('refs/heads/'.length),
    commit: push.checkout_sha,
    pusher: push.user_username ?? 'unknown',
    repoUrls: [push.project.git_http_url ?? '', push.project.git_ssh_url ?? ''],
    pathWithNamespace: push.project.path_with_namespace,
  };
}
