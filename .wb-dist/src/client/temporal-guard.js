"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TemporalUnavailable = exports.RETRY_AFTER_SECONDS = void 0;
exports.isConnectionFailure = isConnectionFailure;
exports.createTemporalGuard = createTemporalGuard;
const client_1 = require("@temporalio/client");
/** What a 503 asks callers to wait before retrying, unless the guard was told otherwise. */
exports.RETRY_AFTER_SECONDS = 5;
/** Temporal cannot be reached now: answered 503 with Retry-After, so callers (and webhook senders) retry later. */
class TemporalUnavailable extends Error {
    detail;
    retryAfterSeconds;
    name = 'TemporalUnavailable';
    constructor(detail, 
    /** Seconds the caller should wait before retrying. */
    retryAfterSeconds) {
        super(`Temporal is unreachable, retry later: ${detail}`);
        this.detail = detail;
        this.retryAfterSeconds = retryAfterSeconds;
    }
}
exports.TemporalUnavailable = TemporalUnavailable;
const UNAVAILABLE_CODES = new Set([14 /* UNAVAILABLE */, 4 /* DEADLINE_EXCEEDED */]);
/** Whether an error says "Temporal cannot be reached" (not "Temporal refused this request"). */
function isConnectionFailure(err) {
    if (err instanceof TemporalUnavailable)
        return true;
    const cause = err?.cause;
    if ((0, client_1.isGrpcServiceError)(err) && UNAVAILABLE_CODES.has(err.code))
        return true;
    if (cause && cause !== err && isConnectionFailure(cause))
        return true;
    return /ECONNREFUSED|Failed to connect to Temporal|connection (refused|closed)/i.test(err?.message ?? '');
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
function createTemporalGuard(temporal, options = {}) {
    const probeTimeoutMs = options.probeTimeoutMs ?? 1000;
    const cacheMs = options.cacheMs ?? 1000;
    const watchIntervalMs = options.watchIntervalMs ?? 500;
    const callBudgetMs = options.callBudgetMs ?? 1500;
    const retryAfterSeconds = options.retryAfterSeconds ?? exports.RETRY_AFTER_SECONDS;
    const now = options.now ?? Date.now;
    let last;
    let probing;
    /** When a probe last got an answer (-Infinity: never). */
    let probeAnsweredAt = -Infinity;
    const answeredAt = () => Math.max(probeAnsweredAt, options.answers?.lastAt() ?? -Infinity);
    const inFlight = new Set();
    let watcher;
    async function probe() {
        const began = now();
        try {
            // A deadline, not an abort signal: the SDK retries UNAVAILABLE between attempts, which only a deadline ends.
            await temporal.withDeadline(began + probeTimeoutMs, () => temporal.workflowService.getSystemInfo({}));
            probeAnsweredAt = now();
            return { ready: true };
        }
        catch (err) {
            // Slow, not down: other calls were answered while this probe waited (CPU load, a busy frontend).
            if (answeredAt() >= began)
                return { ready: true };
            const message = err.message.split('\n')[0] ?? '';
            return { ready: false, detail: /deadline/i.test(message) ? `no answer within ${probeTimeoutMs} ms` : message };
        }
    }
    const unavailable = (detail) => new TemporalUnavailable(detail, retryAfterSeconds);
    /** Reachability, probed at most once per cacheMs however many ask (`fresh`: probe now, unless one runs). */
    function check(fresh = false) {
        // Traffic answered a moment ago says more than any probe, and costs nothing.
        if (!fresh && now() - answeredAt() < cacheMs)
            return Promise.resolve({ ready: true });
        if (!fresh && last && now() - last.at < cacheMs)
            return Promise.resolve(last);
        probing ??= probe().then((result) => {
            last = { at: now(), ...result };
            probing = undefined;
            if (!result.ready)
                for (const call of inFlight)
                    call.abort(unavailable(result.detail ?? ''));
            return result;
        });
        return probing;
    }
    function watch() {
        if (watcher || inFlight.size === 0)
            return;
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
        async readiness() {
            const result = await check();
            return result.ready ? result : { ready: false, detail: `Temporal unreachable: ${result.detail}` };
        },
        /**
         * Runs a request's Temporal work: refused at once (TemporalUnavailable) while Temporal is known down, and
         * cancelled with TemporalUnavailable if Temporal stops answering meanwhile.
         */
        async run(work) {
            const state = await check();
            if (!state.ready)
                throw unavailable(state.detail ?? '');
            const began = now();
            const call = new AbortController();
            // The SDK keeps retrying a dead connection between attempts (an abort only ends the attempt under way), so
            // the answer does not wait for the work: a failed probe answers now and the work's late end is dropped.
            const gone = new Promise((_, reject) => call.signal.addEventListener('abort', () => reject(call.signal.reason), { once: true }));
            gone.catch(() => undefined);
            // Work that was in flight when Temporal died would otherwise wait for the next failed probe (up to
            // watchIntervalMs + probeTimeoutMs, more on a loaded machine). Not a deadline on the work itself: a decision
            // (a Workflow Update) may legitimately wait seconds for a busy worker while Temporal answers everything else.
            const budget = setTimeout(() => {
                if (answeredAt() < began)
                    call.abort(unavailable(`no answer within ${callBudgetMs} ms`));
            }, callBudgetMs);
            const running = temporal.withAbortSignal(call.signal, work);
            running.catch(() => undefined);
            inFlight.add(call);
            watch();
            try {
                return await Promise.race([running, gone]);
            }
            catch (err) {
                if (call.signal.aborted && call.signal.reason instanceof TemporalUnavailable)
                    throw call.signal.reason;
                if (isConnectionFailure(err))
                    throw unavailable(err.message);
                throw err;
            }
            finally {
                clearTimeout(budget);
                inFlight.delete(call);
            }
        },
        retryAfterSeconds,
    };
}
//# sourceMappingURL=temporal-guard.js.map