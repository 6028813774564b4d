/**
 * Memory of deliveries already handled (webhook redeliveries, replayed Feishu clicks): bounded, oldest first out,
 * entries expire after `ttlMs`. It only protects one server process: with several replicas a redelivery can reach
 * another one, and then the workflow id (pipelines) or the Workflow Update id (decisions) is the durable dedupe.
 */
export interface DeliveryMemory<V> {
  /** What was remembered for `key`, unless it expired. */
  recall(key: string, nowMs?: number): V | undefined;
  remember(key: string, value: V, nowMs?: number): void;
  forget(key: string): void;
}

function createDeliveryMemory<V>(options: { max?: number; ttlMs?: number } = {}): DeliveryMemory<V> {
  const max = options.max ?? 10_000;
  const ttlMs = options.ttlMs ?? Infinity;
  const entries = new Map<string, { value: V; expires: number }>();
  return {
    recall(key, nowMs = Date.now()) {
      // Insertion order is expiry order (one TTL for all), so expired entries are at the front.
      for (const [k, entry] of entries) {
        if (entry.expires > nowMs) break;
        entries.delete(k);
      }
      return entries.get(key)?.value;
    },
    remember(key, value, nowMs = Date.now()) {
      entries.delete(key);
      entries.set(key, { value, expires: nowMs + ttlMs });
      const oldest = entries.keys().next();
      if (entries.size > max && !oldest.done) entries.delete(oldest.value);
    },
    forget(key) {
      entries.delete(key);
    },
  };
}

/** Remembers which deliveries were handled; `claim` is true the first time a key is seen. */
export interface DedupeStore {
  claim(key: string, nowMs: number): boolean;
}

export function createMemoryDedupe(options: { max?: number; ttlMs?: number } = {}): DedupeStore {
  const memory = createDeliveryMemory<true>({ ttlMs: 15 * 60_000, ...options });
  return {
    claim(key, nowMs) {
      if (memory.recall(key, nowMs)) return false;
      memory.remember(key, true, nowMs);
      return true;
    },
  };
}

/**
 * Runs `work` once per delivery key: a redelivery gets the first answer again, concurrent copies share one attempt.
 * An answer `keep` refuses (a failure) is forgotten, so the sender's retry really retries.
 */
export function createOncePerDelivery<R>(options: { max: number; keep: (answer: R) => boolean }) {
  const memory = createDeliveryMemory<Promise<R>>({ max: options.max });
  return (key: string | undefined, work: () => Promise<R>): { answer: Promise<R>; repeated: boolean } => {
    const seen = key === undefined ? undefined : memory.recall(key);
    if (seen) return { answer: seen, repeated: true };
    const answer = work();
    if (key === undefined) return { answer, repeated: false };
    memory.remember(key, answer);
    answer.then(
      (r) => !options.keep(r) && memory.forget(key),
      () => memory.forget(key),
    );
    return { answer, repeated: false };
  };
}
