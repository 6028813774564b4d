import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { DecisionRejected, type GantryClient } from '../client/gantry-client';
import type { ReleaseProgress } from '../domain/progress';
import { REASON_FIELD, type CardAction } from '../integrations/feishu/release-card';
import { DEADLINE_PASSED, withinDeadline } from './deadline';
import { createMemoryDedupe, type DedupeStore } from './delivery-dedupe';
import { firstHeader } from './http-io';

/** AES-256-CBC, key = SHA-256 of the encrypt key, IV = the first 16 bytes of the base64-decoded data. */
function decryptFeishuBody(encrypted: string, encryptKey: string): string {
  const data = Buffer.from(encrypted, 'base64');
  if (data.length < 32) throw new Error('encrypted body is too short');
  const key = createHash('sha256').update(encryptKey).digest();
  const decipher = createDecipheriv('aes-256-cbc', key, data.subarray(0, 16));
  return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
}

export interface FeishuCallbackOptions {
  verificationToken: string;
  /** Needed for encrypted bodies and for the new (card.action.trigger) signature. */
  encryptKey?: string;
  decide: GantryClient['decide'];
  progress: GantryClient['releaseProgress'];
  people: Record<string, { feishuOpenId?: string }>;
  renderCard: (progress: ReleaseProgress) => unknown;
  now?: () => number;
  maxSkewSeconds?: number;
  seen?: DedupeStore;
  /**
   * Accept legacy message-card callbacks. Unencrypted, they are authenticated by their signature alone (SHA-1 over
   * the verification token); turn this off once the app uses card.action.trigger.
   */
  legacy?: boolean;
  /** Feishu waits 3 s; answer before this even if the workflow has not finished the update (default 2500 ms). */
  deadlineMs?: number;
}

export interface CallbackResult {
  status: number;
  body: unknown;
}

const actionValue = z.object({
  action: z.enum(['approve', 'promote', 'rollback', 'abort']),
  service: z.string().min(1),
  environment: z.string().min(1),
  releaseId: z.string().min(1),
});

const LABEL: Record<CardAction, string> = {
  approve: 'Emergency release approved',
  promote: 'Promotion to full accepted',
  rollback: 'Rollback started',
  abort: 'Release aborted',
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Constant-time string comparison (length differences return early, which reveals only the length). */
const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const fail = (status: number, error: string): CallbackResult => ({ status, body: { error } });
const toast = (type: 'success' | 'error' | 'info' | 'warning', content: string): CallbackResult => ({
  status: 200,
  body: { toast: { type, content } },
});

/**
 * Handles Feishu card button callbacks (new card.action.trigger and legacy message-card format) and the request
 * URL verification, without touching node:http objects. A click runs the matching Workflow Update with the
 * event id as update id, and answers with a toast and the card rendered from the release's current progress.
 */
export function createFeishuCallbackHandler(options: FeishuCallbackOptions) {
  const now = options.now ?? Date.now;
  const maxSkew = options.maxSkewSeconds ?? 300;
  const seen = options.seen ?? createMemoryDedupe({ ttlMs: 2 * maxSkew * 1000 });
  const deadlineMs = options.deadlineMs ?? 2500;
  const byOpenId = new Map<string, string>();
  for (const [id, person] of Object.entries(options.people)) {
    if (person.feishuOpenId) byOpenId.set(person.feishuOpenId, id);
  }

  const parse = (text: string): Json | string => {
    try {
      const value: unknown = JSON.parse(text);
      return isObject(value) ? value : 'body is not a JSON object';
    } catch (err) {
      return `malformed JSON: ${(err as Error).message}`;
    }
  };

  async function handle(rawBody: Buffer, headers: IncomingHttpHeaders): Promise<CallbackResult> {
    const started = now();
    let payload = parse(rawBody.toString('utf8'));
    if (typeof payload === 'string') return fail(400, payload);
    const encrypted = typeof payload.encrypt === 'string';
    if (typeof payload.encrypt === 'string') {
      if (!options.encryptKey) return fail(400, 'encrypted body, but no Feishu encrypt key is configured');
      let plain: string;
      try {
        plain = decryptFeishuBody(payload.encrypt, options.encryptKey);
      } catch {
        return fail(400, 'cannot decrypt body (wrong encrypt key?)');
      }
      payload = parse(plain);
      if (typeof payload === 'string') return fail(400, `decrypted ${payload}`);
    }

    // Echoing the challenge grants nothing, so the token in the body is the whole check (Feishu may not sign it).
    if (payload.type === 'url_verification') {
      if (!sameSecret(str(payload.token) ?? '', options.verificationToken)) return fail(401, 'bad verification token');
      return { status: 200, body: { challenge: str(payload.challenge) ?? '' } };
    }

    const isNew = payload.schema === '2.0';
    if (!isNew && !(isObject(payload.action) && 'open_id' in payload)) return fail(400, 'not a Feishu card callback');
    if (!isNew && options.legacy === false) return fail(401, 'legacy card callbacks are disabled');

    const timestamp = firstHeader(headers, 'x-lark-request-timestamp');
    const nonce = firstHeader(headers, 'x-lark-request-nonce');
    const signature = firstHeader(headers, 'x-lark-signature');
    if (!timestamp || !nonce || !signature) return fail(401, 'missing X-Lark-Request-Timestamp/Nonce/Signature');
    // Always over the raw bytes as received (the encrypted envelope when encrypted), never re-serialised JSON.
    // An encrypted envelope is signed with the encrypt key whatever its content (as Feishu's own Node SDK checks);
    // a plain legacy body with SHA-1 over the verification token. Without an encrypt key the new scheme degenerates
    // to an empty key — unconfirmed that Feishu signs at all then.
    const expected =
      isNew || encrypted
        ? createHash('sha256')
            .update(timestamp + nonce + (options.encryptKey ?? ''))
            .update(rawBody)
            .digest('hex')
        : createHash('sha1')
            .update(timestamp + nonce + options.verificationToken)
            .update(rawBody)
            .digest('hex');
    if (!sameSecret(signature.toLowerCase(), expected)) return fail(401, 'bad signature');

    const head = isNew && isObject(payload.header) ? payload.header : undefined;
    // A legacy body's `token` is the card's update token ("c-…"), not the verification token: nothing to compare.
    if (isNew && !sameSecret(str(head?.token) ?? '', options.verificationToken))
      return fail(401, 'bad verification token');

    const sentAt = Number(timestamp);
    if (!Number.isFinite(sentAt) || Math.abs(now() / 1000 - sentAt) > maxSkew)
      return fail(401, `stale timestamp (more than ${maxSkew} s from now)`);

    const eventId = isNew ? str(head?.event_id) : undefined;
    if (isNew && !eventId) return fail(400, 'callback has no header.event_id');
    const dedupeKey = eventId ? `event:${eventId}` : `nonce:${nonce}`;
    // A replay executes nothing; it is answered politely because a genuine duplicate delivery is not the user's fault.
    if (!seen.claim(dedupeKey, now())) return toast('info', 'This click was already handled.');

    const event = isNew && isObject(payload.event) ? payload.event : payload;
    const action = isObject(event.action) ? event.action : {};
    const operator = isNew && isObject(event.operator) ? event.operator : payload;
    const openId = str(operator.open_id);
    // Some clients send the value as a JSON string rather than an object.
    const rawValue = typeof action.value === 'string' ? parse(action.value) : action.value;
    const parsed = actionValue.safeParse(rawValue);
    if (!parsed.success) return toast('error', 'This button is not a Gantry release action.');
    const value = parsed.data;
    const person = openId ? byOpenId.get(openId) : undefined;
    if (!person) return toast('error', 'You are not a Gantry user: no person in the catalog has your Feishu account.');

    const form = isObject(action.form_value) ? action.form_value : {};
    const reason = (str(form[REASON_FIELD]) ?? str(action.input_value) ?? '').trim() || undefined;
    const updateId = eventId ?? `feishu-legacy-${nonce}`;
    const answer = (body: Json): CallbackResult =>
      // Legacy callbacks take the new card itself as the answer (a toast there is unconfirmed).
      ({ status: 200, body: isNew || !('card' in body) ? body : (body.card as Json).data });

    const remaining = () => Math.max(0, deadlineMs - (now() - started));
    try {
      const current = await withinDeadline(options.progress(value.service, value.environment), remaining());
      if (current === DEADLINE_PASSED) return toast('info', 'Gantry is busy; try again in a moment.');
      if (current.releaseId !== value.releaseId)
        return toast('error', `This card is for release ${value.releaseId}, which is no longer the current release.`);
      // The open_id is what Feishu vouched for (signed callback); the audit keeps it beside the catalog person.
      const decision = {
        by: person,
        reason,
        actor: { subject: `feishu:${openId ?? ''}`, person, via: 'feishu' as const },
      };
      const outcome = await withinDeadline(
        options.decide(value.service, value.environment, value.action, decision, updateId),
        remaining(),
      );
      if (outcome === DEADLINE_PASSED)
        return toast('info', 'Submitted; the card updates when the release confirms it.');
      // The decision is made; failing to re-read progress only costs the refreshed card.
      const updated = await withinDeadline(options.progress(value.service, value.environment), remaining()).catch(
        (): typeof DEADLINE_PASSED => DEADLINE_PASSED,
      );
      const content = outcome.message || LABEL[value.action];
      if (updated === DEADLINE_PASSED) return toast('success', content);
      return answer({ toast: { type: 'success', content }, card: { type: 'raw', data: options.renderCard(updated) } });
    } catch (err) {
      if (err instanceof DecisionRejected) return toast('error', err.message);
      return toast('error', `Gantry could not record this: ${(err as Error).message.split('\n')[0]}`);
    }
  }

  return async (rawBody: Buffer, headers: IncomingHttpHeaders): Promise<CallbackResult> => {
    try {
      return await handle(rawBody, headers);
    } catch (err) {
      return fail(500, `internal error: ${(err as Error).message.split('\n')[0]}`);
    }
  };
}
