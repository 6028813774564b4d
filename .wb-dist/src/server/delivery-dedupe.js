"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createMemoryDedupe = createMemoryDedupe;
exports.createOncePerDelivery = createOncePerDelivery;
function createDeliveryMemory(options = {}) {
    const max = options.max ?? 10_000;
    const ttlMs = options.ttlMs ?? Infinity;
    const entries = new Map();
    return {
        recall(key, nowMs = Date.now()) {
            // Insertion order is expiry order (one TTL for all), so expired entries are at the front.
            for (const [k, entry] of entries) {
                if (entry.expires > nowMs)
                    break;
                entries.delete(k);
            }
            return entries.get(key)?.value;
        },
        remember(key, value, nowMs = Date.now()) {
            entries.delete(key);
            entries.set(key, { value, expires: nowMs + ttlMs });
            const oldest = entries.keys().next();
            if (entries.size > max && !oldest.done)
                entries.delete(oldest.value);
        },
        forget(key) {
            entries.delete(key);
        },
    };
}
function createMemoryDedupe(options = {}) {
    const memory = createDeliveryMemory({ ttlMs: 15 * 60_000, ...options });
    return {
        claim(key, nowMs) {
            if (memory.recall(key, nowMs))
                return false;
            memory.remember(key, true, nowMs);
            return true;
        },
    };
}
/**
 * Runs `work` once per delivery key: a redelivery gets the first answer again, concurrent copies share one attempt.
 * An answer `keep` refuses (a failure) is forgotten, so the sender's retry really retries.
 */
function createOncePerDelivery(options) {
    const memory = createDeliveryMemory({ max: options.max });
    return (key, work) => {
        const seen = key === undefined ? undefined : memory.recall(key);
        if (seen)
            return { answer: seen, repeated: true };
        const answer = work();
        if (key === undefined)
            return { answer, repeated: false };
        memory.remember(key, answer);
        answer.then((r) => !options.keep(r) && memory.forget(key), () => memory.forget(key));
        return { answer, repeated: false };
    };
}
//# sourceMappingURL=delivery-dedupe.js.map