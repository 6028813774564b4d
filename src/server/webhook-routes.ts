import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { GantryClient } from '../client/gantry-client';
import type { Catalog } from '../config/catalog-schema';
import { githubDeliveryId, githubEventKind, parseGithubPush, verifyGithubSignature } from './github-push';
import { gitlabDeliveryId, gitlabEventKind, parseGitlabPush, verifyGitlabToken, type PushEvent } from './gitlab-push';
import { HttpError, parseJson } from './http-io';
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
const START_DEADLINE_MS = 8_000; /** Retries come within hours; a bounded memory is enough, the per-commit workflow id is the durable dedupe. */
const REMEMBERED_DELIVERIES = 2_000;

const firstHeader = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The raw body, at most `limit` bytes. Unlike iterating the request, an oversized body does not destroy the socket,
 * so the sender still reads the 413 (the server closes the connection after it).
 */
export function readHookBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new HttpError(413, `body larger than ${limit} bytes`);
    if (Number(req.headers['content-length'] ?? 0) > limit) return reject(tooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | undefined, body?: Buffer) => {
      if (done) return;
      done = true;
      if (err) reject(err);
      else resolve(body ?? Buffer.alloc(0));
    };
    // Past the limit the rest is read and dropped until the answer is out and the connection closes.
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) return finish(tooLarge());
      chunks.push(chunk);
    });
    req.on('end', () => finish(undefined, Buffer.concat(chunks)));
    req.on('error', (err) => finish(err));
    req.on('close', () => finish(new Error('request aborted before its body was complete')));
  });
}

/** A redelivery repeats the id and the bytes; the same id with another body is treated as a new delivery. */
const deliveryKey = (source: string, id: string, rawBody: Buffer): string =>
  createHash('sha256').update(`${source}\0${id}\0`).update(rawBody).digest('base64');

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HttpError(503, `Temporal did not answer within ${ms} ms, retry later`)), ms);
  });
  // race() subscribes to `work`, so a rejection after the deadline is still handled.
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The push webhooks: authenticate on the raw bytes, then parse, route through the catalog and start one pipeline
 * per service and environment. Every outcome is a `{status, body}`; only a bug escapes as an exception.
 */
export function createWebhookRoutes(deps: WebhookDeps) {
  const deliveries = new Map<string, Promise<HookResponse>>();

  /**
   * A redelivery gets the first answer again without touching Temporal; concurrent copies share one attempt.
   * Failures are forgotten so the sender's retry really retries.
   */
  function once(key: string | undefined, work: () => Promise<HookResponse>): Promise<HookResponse> {
    if (!key) return work();
    const seen = deliveries.get(key);
    if (seen) return seen.then((r) => ({ status: r.status, body: { ...r.body, duplicate: true } }));
    const pending = work();
    deliveries.set(key, pending);
    const oldest = deliveries.keys().next();
    if (deliveries.size > REMEMBERED_DELIVERIES && !oldest.done) deliveries.delete(oldest.value);
    pending.then(
      (r) => r.status >= 300 && deliveries.delete(key),
      () => deliveries.delete(key),
    );
    return pending;
  }

  async function start(source: string, push: PushEvent, delivery: string | undefined): Promise<HookResponse> {
    const routed = routePush(deps.catalog, deps.repoBase, push);
    if ('ignored' in routed) return { status: 202, body: { ignored: routed.ignored, delivery } };
    const starts = routed.map((t) =>
      deps.gantry.startPipeline({ ...t, commit: push.commit, triggeredBy: push.pusher }),
    );
    let started: Awaited<(typeof starts)[number]>[];
    try {
      started = await withDeadline(Promise.all(starts), deps.startDeadlineMs ?? START_DEADLINE_MS);
    } catch (err) {
      if (err instanceof HttpError) throw err;
      // 5xx: both senders retry later, which is what a Temporal outage needs.
      const reason = err instanceof Error ? err.message : String(err);
      deps.log?.(`[gantry] ${source} push ${push.commit.slice(0, 12)}: could not start the pipeline: ${reason}`);
      throw new HttpError(503, `could not start the pipeline, retry later: ${reason}`);
    }
    deps.log?.(
      `[gantry] ${source} push ${push.branch}@${push.commit.slice(0, 12)} by ${push.pusher}: ${started.map((s) => s.workflowId).join(', ')}`,
    );
    return { status: 202, body: { started, delivery } };
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
        if (kind !== 'push') return { status: 202, body: kind };
        const delivery = gitlabDeliveryId(req);
        // Without a token anyone could claim a delivery id and have the real one answered from memory.
        const key = deps.gitlabToken && delivery ? deliveryKey('gitlab', delivery, rawBody) : undefined;
        return once(key, async () => {
          const push = parseGitlabPush(parseJson(rawBody, req));
          if ('ignored' in push) return { status: 202, body: { ignored: push.ignored, delivery } };
          return start('gitlab', push, delivery);
        });
      }),

    github: (req: IncomingMessage, rawBody: Buffer): Promise<HookResponse> =>
      answer(async () => {
        verifyGithubSignature(rawBody, firstHeader(req, 'x-hub-signature-256'), deps.githubSecret);
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

export type WebhookRoutes = ReturnType<typeof createWebhookRoutes>;
