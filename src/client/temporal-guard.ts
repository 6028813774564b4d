import { isGrpcServiceError } from '@temporalio/client';

/** What a 503 asks callers to wait before retrying, unless the guard was told otherwise. */
export const RETRY_AFTER_SECONDS = 5;

/** Temporal cannot be reached now: answered 503 with Retry-After, so callers (and webhook senders) retry later. */
export class TemporalUnavailable extends Error {
  override name = 'TemporalUnavailable';
  constructor(
    readonly detail: string,
    /** Seconds the caller should wait before retrying. */
    readonly retryAfterSeconds: number,
  ) {
    super(`Temporal is unreachable, retry later: ${detail}`);
  }
}

/** The part of the Temporal client the guard uses (a Client, or a Connection). */
export interface GuardedTemporal {
  workflowService: { getSystemInfo(req: object): Promise<unknown> };
  withAbortSignal<R>(signal: AbortSignal, fn: () => Promise<R>): Promise<R>;
  withDeadline<R>(deadline: number | Date, fn: () => Promise<R>): Promise<R>;
}

export interface TemporalGuardOptions {
  /** How long one reachability probe may take (GetSystemInfo, the cheapest call every server answers). */
  probeTimeoutMs?: number;
  /** A probe's answer is reused this long, so a burst of requests costs one probe. */
  cacheMs?: number;
  /** While requests are in flight, how often Temporal is probed (a request never waits on a dead server longer). */
  watchIntervalMs?: number;
  /**
   * How long a request's Temporal work may run without any sign of life from Temporal (an answered probe or
   * call) before it is answered 503: the 2 s promise to callers, minus the HTTP round trip under load.
   */
  callBudgetMs?: number;
  /**
   * Answers Temporal gave on the same connection, and attempts that got none (createTemporalAnswers): real traffic
   * as evidence of "up", and a refused connection noticed at once instead of at the next probe.
   */
  answers?: { lastAt(): number; lastFailureAt(): number };
  /** After an attempt got no answer, how long nothing may answer before the requests in flight are answered 503. */
  failureGraceMs?: number;
  retryAfterSeconds?: number;
  now?: () => number;
}

/** A failure older than this (nothing was tried since) no longer answers 503 without a probe. */
const RECENT_FAILURE_MS = 5000;

const UNAVAILABLE_CODES = new Set([14 /* UNAVAILABLE */, 4 /* DEADLINE_EXCEEDED */]);

/** Whether an error says "Temporal cannot be reached" (not "Temporal refused this request"). */
export function isConnectionFailure(err: unknown): boolean {
  if (err instanceof TemporalUnavailable) return true;
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  if (isGrpcServiceError(err) && UNAVAILABLE_CODES.has(err.code)) return true;
  if (cause && cause !== err && isConnectionFailure(cause)) return true;
  return /ECONNREFUSED|Failed to connect to Temporal|connection (refused|closed)/i.test((err as Error)?.message ?? '');
}

/**
 * One shared view of "can Temporal be reached", for the API server: a cheap probe with a short deadline, cached for
 * about a second, gates every request (503 at once while Temporal is down). A request's work is answered 503 as
 * soon as a probe fails, or when it has run callBudgetMs while nothing from Temporal answered since it began —
 * instead of the SDK retrying a dead connection for ~20 s. Nothing to reset: the first answer again opens the gate.
 *
 * Every answer from Temporal (a probe, or any call on the connection when `answers` is given) is evidence that it
 * is up, so a probe that merely took long on a loaded machine while calls were answered does not close the gate;
 * only silence does.
 */
export function createTemporalGuard(temporal: GuardedTemporal, options: TemporalGuardOptions = {}) {
  const probeTimeoutMs = options.probeTimeoutMs ?? 1000;
  const cacheMs = options.cacheMs ?? 1000;
  const watchIntervalMs = options.watchIntervalMs ?? 500;
  const callBudgetMs = options.callBudgetMs ?? 1500;
  // The SDK retries a refused attempt after ~100 ms (then 170, 290…): a live server answers one of those.
  const failureGraceMs = options.failureGraceMs ?? 300;
  const retryAfterSeconds = options.retryAfterSeconds ?? RETRY_AFTER_SECONDS;
  const now = options.now ?? Date.now;
  let last: { at: number; ready: boolean; detail?: string } | undefined;
  let probing: Promise<{ ready: boolean; detail?: string }> | undefined;
  /** When a probe last got an answer (-Infinity: never). */
  let probeAnsweredAt = -Infinity;
  const answeredAt = () => Math.max(probeAnsweredAt, options.answers?.lastAt() ?? -Infinity);
  const inFlight = new Set<AbortController>();
  let watcher: NodeJS.Timeout | undefined;

  async function probe(): Promise<{ ready: boolean; detail?: string }> {
    const began = now();
    try {
      // A deadline, not an abort signal: the SDK retries UNAVAILABLE between attempts, which only a deadline ends.
      await temporal.withDeadline(began + probeTimeoutMs, () => temporal.workflowService.getSystemInfo({}));
      probeAnsweredAt = now();
      return { ready: true };
    } catch (err) {
      // Slow, not down: other calls were answered while this probe waited (CPU load, a busy frontend).
      if (answeredAt() >= began) return { ready: true };
      const message = (err as Error).message.split('\n')[0] ?? '';
      return { ready: false, detail: /deadline/i.test(message) ? `no answer within ${probeTimeoutMs} ms` : message };
    }
  }

  const unavailable = (detail: string) => new TemporalUnavailable(detail, retryAfterSeconds);

  /** Reachability, probed at most once per cacheMs however many ask (`fresh`: probe now, unless one runs). */
  function check(fresh = false): Promise<{ ready: boolean; detail?: string }> {
    if (!fresh) {
      const failedAt = options.answers?.lastFailureAt() ?? -Infinity;
      // Traffic answered a moment ago, and nothing failed since, says more than any probe, and costs nothing.
      if (now() - answeredAt() < cacheMs && answeredAt() >= failedAt) return Promise.resolve({ ready: true });
      // Calls keep failing to reach it: answer now, and let a probe in the background find it back.
      const failed = failedRecently();
      if (failed && now() - failedAt < RECENT_FAILURE_MS) {
        void probeOnce();
        return Promise.resolve({ ready: false, detail: failed });
      }
      if (last && now() - last.at < cacheMs) return Promise.resolve(last);
    }
    return probeOnce();
  }

  function probeOnce(): Promise<{ ready: boolean; detail?: string }> {
    probing ??= probe().then((result) => {
      last = { at: now(), ...result };
      probing = undefined;
      if (!result.ready) for (const call of inFlight) call.abort(unavailable(result.detail ?? ''));
      return result;
    });
    return probing;
  }

  /** An attempt failed to reach Temporal (connection refused or reset) and nothing answered for failureGraceMs. */
  function failedRecently(): string | undefined {
    const failedAt = options.answers?.lastFailureAt() ?? -Infinity;
    if (failedAt <= answeredAt() || now() - failedAt < failureGraceMs) return undefined;
    return `no answer since a call failed to reach it ${now() - failedAt} ms ago`;
  }

  /** While requests are in flight: a failed attempt ends them within failureGraceMs, a failed probe at once. */
  function watch(): void {
    if (watcher || inFlight.size === 0) return;
    const tickMs = Math.min(100, watchIntervalMs);
    let ticks = 0;
    watcher = setInterval(() => {
      if (inFlight.size === 0) {
        clearInterval(watcher);
        watcher = undefined;
        return;
      }
      const failed = failedRecently();
      if (failed) for (const call of inFlight) call.abort(unavailable(failed));
      if (++ticks % Math.max(1, Math.round(watchIntervalMs / tickMs)) === 0) void check(true);
    }, tickMs);
    watcher.unref();
  }

  return {
    /** Readiness (the ops port's /readyz): ready while Temporal answers. */
    async readiness(): Promise<{ ready: boolean; detail?: string }> {
      const result = await check();
      return result.ready ? result : { ready: false, detail: `Temporal unreachable: ${result.detail}` };
    },

    /**
     * Runs a request's Temporal work: refused at once (TemporalUnavailable) while Temporal is known down, and
     * cancelled with TemporalUnavailable if Temporal stops answering meanwhile.
     */
    async run<T>(work: () => Promise<T>): Promise<T> {
      const state = await check();
      if (!state.ready) throw unavailable(state.detail ?? '');
      const began = now();
      const call = new AbortController();
      // The SDK keeps retrying a dead connection between attempts (an abort only ends the attempt under way), so
      // the answer does not wait for the work: a failed probe answers now and the work's late end is dropped.
      const gone = new Promise<never>((_, reject) =>
        call.signal.addEventListener('abort', () => reject(call.signal.reason as Error), { once: true }),
      );
      gone.catch(() => undefined);
      // Work that was in flight when Temporal died would otherwise wait for the next failed probe (up to
      // watchIntervalMs + probeTimeoutMs, more on a loaded machine). Not a deadline on the work itself: a decision
      // (a Workflow Update) may legitimately wait seconds for a busy worker while Temporal answers everything else.
      const budget = setTimeout(() => {
        if (answeredAt() < began) call.abort(unavailable(`no answer within ${callBudgetMs} ms`));
      }, callBudgetMs);
      const running = temporal.withAbortSignal(call.signal, work);
      running.catch(() => undefined);
      inFlight.add(call);
      watch();
      try {
        return await Promise.race([running, gone]);
      } catch (err) {
        if (call.signal.aborted && call.signal.reason instanceof TemporalUnavailable) throw call.signal.reason;
        if (isConnectionFailure(err)) throw unavailable((err as Error).message);
        throw err;
      } finally {
        clearTimeout(budget);
        inFlight.delete(call);
      }
    },

    retryAfterSeconds,
  };
}

export type TemporalGuard = ReturnType<typeof createTemporalGuard>;
