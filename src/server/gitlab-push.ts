import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { firstHeader, HttpError } from './http-io';
import { COMMIT_SHA, TAG_IGNORED, type PushEvent } from './push-event';

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

/**
 * Constant-time comparison of the shared secret GitLab sends in plain text. Both sides are hashed first so the
 * comparison also takes the same time whatever the length of the guess.
 */
export function verifyGitlabToken(req: IncomingMessage, expected: string): void {
  if (!expected) return;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  const given = firstHeader(req.headers, 'x-gitlab-token');
  if (given === undefined || !timingSafeEqual(digest(given), digest(expected))) {
    throw new HttpError(401, 'invalid X-Gitlab-Token');
  }
}

/** The dedupe key: `Idempotency-Key` is stable across GitLab's retries of one delivery (17.4+), the event UUID before. */
export function gitlabDeliveryId(req: IncomingMessage): string | undefined {
  return firstHeader(req.headers, 'idempotency-key') || firstHeader(req.headers, 'x-gitlab-event-uuid') || undefined;
}

/**
 * What `X-Gitlab-Event` asks of us: parse a push, or ignore the event (2xx, so GitLab keeps the hook). A missing
 * header falls through to the body's `object_kind` (hand-made senders such as the embedded git hook).
 */
export function gitlabEventKind(req: IncomingMessage): 'push' | 'merge_request' | { ignored: string } {
  const event = firstHeader(req.headers, 'x-gitlab-event');
  if (!event || event === 'Push Hook') return 'push';
  if (event === 'Merge Request Hook') return 'merge_request';
  if (event === 'Tag Push Hook') return { ignored: TAG_IGNORED };
  return { ignored: `event "${event.slice(0, 80)}" is not handled` };
}

/** A GitLab push body → the push we act on, or the reason we ignore it (answered 2xx so GitLab keeps the hook). */
export function parseGitlabPush(body: unknown): PushEvent | { ignored: string } {
  const parsed = pushSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(400, `not a GitLab push event: ${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  const push = parsed.data;
  if (push.object_kind === 'tag_push') return { ignored: TAG_IGNORED };
  if (push.object_kind !== 'push') return { ignored: `event ${push.object_kind.slice(0, 80)} is not handled` };
  if (!push.ref.startsWith('refs/heads/')) return { ignored: `ref ${push.ref.slice(0, 200)} is not a branch` };
  if (push.after === ZERO_SHA || !push.checkout_sha) return { ignored: 'branch deleted' };
  if (!COMMIT_SHA.test(push.checkout_sha)) throw new HttpError(400, 'not a GitLab push event: checkout_sha: not a sha');
  return {
    branch: push.ref.slice('refs/heads/'.length),
    commit: push.checkout_sha,
    pusher: push.user_username ?? 'unknown',
    repoUrls: [push.project.git_http_url ?? '', push.project.git_ssh_url ?? ''],
    pathWithNamespace: push.project.path_with_namespace,
  };
}
