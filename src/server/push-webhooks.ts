import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { GantryClient } from '../client/gantry-client';
import type { Catalog } from '../config/catalog-schema';
import { DEADLINE_PASSED, withinDeadline } from './deadline';
import { createOncePerDelivery } from './delivery-dedupe';
import { githubDeliveryId, githubEventKind, parseGithubPush, verifyGithubSignature } from './github-push';
import { parseGitlabMergeRequest } from './gitlab-merge-request';
import { gitlabDeliveryId, gitlabEventKind, parseGitlabPush, verifyGitlabToken } from './gitlab-push';
import { firstHeader, HttpError, parseJson } from './http-io';
import type { PushEvent } from './push-event';
import { startPreviews } from './preview-webhooks';
import { routePush } from './push-routing';

export interface WebhookDeps {
  gantry: GantryClient;
  catalog: Catalog;
  repoBase: string;
  /** Empty: GitLab pushes are not authenticated (embedded demo only). */
  gitlabToken: string;
  /** Empty: GitHub deliveries are refused, a signature cannot be checked without it. */
  githubSecret: string;
  log?: (line: string) => void;
  /** How long a start may take before the sender is told to retry (default 8 s, under both senders' 10 s). */
  startDeadlineMs?: number;
}

export interface HookResponse {
  status: number;
  body: Record<string, unknown>;
}

/** GitLab and GitHub give up after 10 s; answer before that so a slow Temporal means a retry, not a timeout. */
const START_DEADLINE_MS = 8_000;
/**
 * Retries come within hours; a bounded memory saves a Temporal call for them. The per-commit workflow id is the
 * durable dedupe (src/client/pipeline-starts.ts), with or without a GitLab token.
 */
const REMEMBERED_DELIVERIES = 2_000;

/** A redelivery repeats the id and the bytes; the same id with another body is treated as a new delivery. */
const deliveryKey = (source: string, id: string, rawBody: Buffer): string =>
  createHash('sha256').update(`${source}\0${id}\0`).update(rawBody).digest('base64');

/**
 * The push webhooks: authenticate on the raw bytes, then parse, route through the catalog and start one pipeline
 * per service and environment. Every outcome is a `{status, body}`; only a bug escapes as an exception.
 */
export function createPushWebhooks(deps: WebhookDeps) {
  const oncePerDelivery = createOncePerDelivery<HookResponse>({
    max: REMEMBERED_DELIVERIES,
    keep: (r) => r.status < 300,
  });

  /** A redelivery gets the first answer again, marked duplicate, without touching Temporal. */
  async function once(key: string | undefined, work: () => Promise<HookResponse>): Promise<HookResponse> {
    const { answer, repeated } = oncePerDelivery(key || undefined, work);
    const r = await answer;
    return repeated ? { status: r.status, body: { ...r.body, duplicate: true } } : r;
  }

  async function start(source: string, push: PushEvent, delivery: string | undefined): Promise<HookResponse> {
    const routed = routePush(deps.catalog, deps.repoBase, push);
    if ('ignored' in routed) return { status: 202, body: { ignored: routed.ignored, delivery } };
    const starts = routed.map((t) =>
      deps.gantry.startPipeline({ ...t, commit: push.commit, triggeredBy: push.pusher }),
    );
    const deadlineMs = deps.startDeadlineMs ?? START_DEADLINE_MS;
    let started: Awaited<(typeof starts)[number]>[] | typeof DEADLINE_PASSED;
    try {
      started = await withinDeadline(Promise.all(starts), deadlineMs);
    } catch (err) {
      // 5xx: both senders retry later, which is what a Temporal outage needs.
      const reason = err instanceof Error ? err.message : String(err);
      deps.log?.(`[gantry] ${source} push ${push.commit.slice(0, 12)}: could not start the pipeline: ${reason}`);
      throw new HttpError(503, `could not start the pipeline, retry later: ${reason}`);
    }
    if (started === DEADLINE_PASSED) {
      throw new HttpError(503, `Temporal did not answer within ${deadlineMs} ms, retry later`);
    }
    deps.log?.(
      `[gantry] ${source} push ${push.branch}@${push.commit.slice(0, 12)} by ${push.pusher}: ${started.map((s) => `${s.workflowId}${s.joined ? ` (exists, ${s.status})` : ''}`).join(', ')}`,
    );
    // Nothing new when every pipeline already exists (a redelivery, a second hook, even after a failure: the
    // workflow id is the durable record, in every replica and after restarts): 200 with what exists.
    return { status: started.every((s) => s.joined) ? 200 : 202, body: { started, delivery } };
  }

  async function answer(run: () => Promise<HookResponse>): Promise<HookResponse> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof HttpError) return { status: err.status, body: { error: err.message } };
      throw err;
    }
  }

  return {
    gitlab: (req: IncomingMessage, rawBody: Buffer): Promise<HookResponse> =>
      answer(async () => {
        verifyGitlabToken(req, deps.gitlabToken);
        const kind = gitlabEventKind(req);
        if (kind === 'merge_request' && !deps.catalog.previews) {
          return { status: 202, body: { ignored: 'event "Merge Request Hook" is not handled' } };
        }
        if (kind !== 'push' && kind !== 'merge_request') return { status: 202, body: kind };
        const delivery = gitlabDeliveryId(req);
        // Without a token anyone could claim a delivery id and have the real one answered from memory.
        const key = deps.gitlabToken && delivery ? deliveryKey('gitlab', delivery, rawBody) : undefined;
        return once(key, async () => {
          if (kind === 'merge_request') {
            const event = parseGitlabMergeRequest(parseJson(rawBody, req));
            if ('ignored' in event) return { status: 202, body: { ignored: event.ignored, delivery } };
            return startPreviews(deps, event, delivery, deps.startDeadlineMs ?? START_DEADLINE_MS);
          }
          const push = parseGitlabPush(parseJson(rawBody, req));
          if ('ignored' in push) return { status: 202, body: { ignored: push.ignored, delivery } };
          return start('gitlab', push, delivery);
        });
      }),

    github: (req: IncomingMessage, rawBody: Buffer): Promise<HookResponse> =>
      answer(async () => {
        verifyGithubSignature(rawBody, firstHeader(req.headers, 'x-hub-signature-256'), deps.githubSecret);
        const kind = githubEventKind(req);
        if (kind !== 'push') return { status: kind.status, body: { ignored: kind.ignored } };
        const delivery = githubDeliveryId(req);
        return once(delivery && deliveryKey('github', delivery, rawBody), async () => {
          const push = parseGithubPush(parseJson(rawBody, req));
          if ('ignored' in push) return { status: 202, body: { ignored: push.ignored, delivery } };
          return start('github', push, delivery);
        });
      }),
  };
}

export type PushWebhooks = ReturnType<typeof createPushWebhooks>;
