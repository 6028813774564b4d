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
  retryAfterSeconds?: number;
  now?: () => number;
}

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
 * about a second, gates every request (503 at once while Temporal is down), and while requests are in flight the
 * probe repeats and cancels their calls when it fails — instead of the SDK retrying a dead connection for ~20 s.
 * Nothing to reset: the first probe that succeeds again opens the gate.
 */
export function createTemporalGuard(temporal: GuardedTemporal, options: TemporalGuardOptions = {}) {
  const probeTimeoutMs = options.probeTimeoutMs ?? 1000;
  const cacheMs = options.cacheMs ?? 1000;
  const watchIntervalMs = options.watchIntervalMs ?? 500;
  const retryAfterSeconds = options.retryAfterSeconds ?? RETRY_AFTER_SECONDS;
  const now = options.now ?? Date.now;
  let last: { at: number; ready: boolean; detail?: string } | undefined;
  let probing: Promise<{ ready: boolean; detail?: string }> | undefined;
  const inFlight = new Set<AbortController>();
  let watcher: NodeJS.Timeout | undefined;

  async function probe(): Promise<{ ready: boolean; detail?: string }> {
    try {
      // A deadline, not an abort signal: the SDK retries UNAVAILABLE between attempts, which only a deadline ends.
      await temporal.withDeadline(now() + probeTimeoutMs, () => temporal.workflowService.getSystemInfo({}));
      return { ready: true };
    } catch (err) {
      const message = (err as Error).message.split('\n')[0] ?? '';
      return { ready: false, detail: /deadline/i.test(message) ? `no answer within ${probeTimeoutMs} ms` : message };
    }
  }

  /** Reachability, probed at most once per cacheMs however many ask (`fresh`: probe now, unless one runs). */
  function check(fresh = false): Promise<{ ready: boolean; detail?: string }> {
    if (!fresh && last && now() - last.at < cacheMs) return Promise.resolve(last);
    probing ??= probe().then((result) => {
      last = { at: now(), ...result };
      probing = undefined;
      if (!result.ready)
        for (const call of inFlight) call.abort(new TemporalUnavailable(result.detail ?? '', retryAfterSeconds));
      return result;
    });
    return probing;
  }

  function watch(): void {
    if (watcher || inFlight.size === 0) return;
    watcher = setInterval(() => {
      if (inFlight.size === 0) {
        clearInterval(watcher);
        watcher = undefined;
        return;
      }
      void check(true);
    }, watchIntervalMs);
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
      if (!state.ready) throw new TemporalUnavailable(state.detail ?? '', retryAfterSeconds);
      const call = new AbortController();
      // The SDK keeps retrying a dead connection between attempts (an abort only ends the attempt under way), so
      // the answer does not wait for the work: a failed probe answers now and the work's late end is dropped.
      const gone = new Promise<never>((_, reject) =>
        call.signal.addEventListener('abort', () => reject(call.signal.reason as Error), { once: true }),
      );
      gone.catch(() => undefined);
      const running = temporal.withAbortSignal(call.signal, work);
      running.catch(() => undefined);
      inFlight.add(call);
      watch();
      try {
        return await Promise.race([running, gone]);
      } catch (err) {
        if (call.signal.aborted && call.signal.reason instanceof TemporalUnavailable) throw call.signal.reason;
        if (isConnectionFailure(err)) throw new TemporalUnavailable((err as Error).message, retryAfterSeconds);
        throw err;
      } finally {
        inFlight.delete(call);
      }
    },

    retryAfterSeconds,
  };
}

export type TemporalGuard = ReturnType<typeof createTemporalGuard>;
