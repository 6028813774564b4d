import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { firstHeader, HttpError } from './http-io';
import { COMMIT_SHA, TAG_IGNORED, type PushEvent } from './push-event';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

const pushSchema = z.object({
  ref: z.string(),
  after: z.string(),
  deleted: z.boolean().optional(),
  repository: z.object({
    full_name: z.string().optional(),
    clone_url: z.string().optional(),
    ssh_url: z.string().optional(),
    html_url: z.string().optional(),
  }),
  pusher: z.object({ name: z.string().optional() }).nullish(),
  sender: z.object({ login: z.string().optional() }).nullish(),
});

/**
 * Checks `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>` over the bytes as received (re-encoding
 * parsed JSON would not reproduce them). Without a secret nothing can be verified, so every delivery is refused.
 */
export function verifyGithubSignature(rawBody: Buffer, signature: string | undefined, secret: string): void {
  if (!secret) throw new HttpError(401, 'GitHub webhooks are not enabled: no secret configured');
  const hex = SIGNATURE.exec(signature ?? '')?.[1];
  if (!hex) throw new HttpError(401, 'missing or malformed X-Hub-Signature-256');
  const want = createHmac('sha256', secret).update(rawBody).digest();
  if (!timingSafeEqual(Buffer.from(hex, 'hex'), want)) throw new HttpError(401, 'invalid X-Hub-Signature-256');
}

/** GitHub never redelivers by itself, but a manual "Redeliver" keeps the GUID. */
export function githubDeliveryId(req: IncomingMessage): string | undefined {
  return firstHeader(req.headers, 'x-github-delivery') || undefined;
}

/** `X-GitHub-Event`: only pushes start CI; ping (sent when the hook is created) and the rest are acknowledged. */
export function githubEventKind(req: IncomingMessage): 'push' | { ignored: string; status: number } {
  const event = firstHeader(req.headers, 'x-github-event');
  if (!event) throw new HttpError(400, 'missing X-GitHub-Event header');
  if (event === 'push') return 'push';
  if (event === 'ping') return { ignored: 'ping', status: 200 };
  return { ignored: `event "${event.slice(0, 80)}" is not handled`, status: 202 };
}

/** A GitHub push body → the same push shape as GitLab's, or the reason we ignore it. */
export function parseGithubPush(body: unknown): PushEvent | { ignored: string } {
  const parsed = pushSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(400, `not a GitHub push event: ${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  const push = parsed.data;
  if (push.ref.startsWith('refs/tags/')) return { ignored: TAG_IGNORED };
  if (!push.ref.startsWith('refs/heads/')) return { ignored: `ref ${push.ref.slice(0, 200)} is not a branch` };
  if (push.deleted === true || /^0+$/.test(push.after)) return { ignored: 'branch deleted' };
  if (!COMMIT_SHA.test(push.after)) throw new HttpError(400, 'not a GitHub push event: after: not a sha');
  const repo = push.repository;
  return {
    branch: push.ref.slice('refs/heads/'.length),
    commit: push.after,
    pusher: push.pusher?.name || push.sender?.login || 'unknown',
    repoUrls: [repo.clone_url ?? '', repo.ssh_url ?? '', repo.html_url ?? ''],
    pathWithNamespace: repo.full_name,
  };
}
