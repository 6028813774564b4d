"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LeaseBook = void 0;
const RELEASED_MEMORY = 1000;
/**
 * The lessor's state: who holds a lease, who waits (arrival order), and the notices owed to holders. Signal
 * handlers only change this synchronously; the workflow loop delivers the notices.
 */
class LeaseBook {
    key;
    maxParallel;
    now;
    holding;
    queue;
    granted;
    released;
    notices = [];
    /** Queued requests already told "queued, N ahead" (not carried: after continue-as-new a repeat is harmless). */
    told = new Set();
    /** Bumped on every change, so the loop can wait for "anything happened". */
    version = 0;
    constructor(key, maxParallel, carried, now) {
        this.key = key;
        this.maxParallel = maxParallel;
        this.now = now;
        this.holding = carried?.holding ?? [];
        this.queue = carried?.queue ?? [];
        this.granted = carried?.granted ?? 0;
        this.released = carried?.released ?? [];
    }
    request(r) {
        this.version++;
        this.maxParallel = r.maxParallel;
        const held = this.holding.find((h) => h.requestId === r.requestId);
        if (held) {
            this.notices.push({
                kind: 'granted',
                holder: held.holder,
                grant: { requestId: held.requestId, grantNo: held.grantNo },
            });
            return;
        }
        const ahead = this.queue.findIndex((w) => w.requestId === r.requestId);
        if (ahead >= 0) {
            this.notices.push({ kind: 'queued', holder: r.holder, queued: { requestId: r.requestId, ahead } });
            return;
        }
        if (this.released.includes(r.requestId))
            return;
        this.queue.push({ requestId: r.requestId, holder: r.holder, queuedAt: this.now() });
        if (this.holding.length >= this.maxParallel) {
            this.told.add(r.requestId);
            this.notices.push({
                kind: 'queued',
                holder: r.holder,
                queued: { requestId: r.requestId, ahead: this.queue.length - 1 },
            });
        }
    }
    /** Gives back a held lease or leaves the queue; unknown ids are ignored (a duplicate release). */
    release(requestId) {
        this.told.delete(requestId);
        const before = this.holding.length + this.queue.length;
        this.holding = this.holding.filter((h) => h.requestId !== requestId);
        this.queue = this.queue.filter((w) => w.requestId !== requestId);
        if (this.holding.length + this.queue.length === before)
            return;
        this.version++;
        this.released.push(requestId);
        if (this.released.length > RELEASED_MEMORY)
            this.released.splice(0, this.released.length - RELEASED_MEMORY);
    }
    /** Hands free slots to the head of the queue, in arrival order. */
    grantFree() {
        while (this.holding.length < this.maxParallel && this.queue.length > 0) {
            const next = this.queue.shift();
            this.told.delete(next.requestId);
            const grantNo = ++this.granted;
            this.holding.push({ requestId: next.requestId, holder: next.holder, grantNo, grantedAt: this.now() });
            this.notices.push({ kind: 'granted', holder: next.holder, grant: { requestId: next.requestId, grantNo } });
            this.version++;
        }
        // Requests that arrived together (a window opening) all found free slots when they queued; those left
        // waiting once the slots are granted are told now.
        for (const [ahead, waiting] of this.queue.entries()) {
            if (this.told.has(waiting.requestId))
                continue;
            this.told.add(waiting.requestId);
            this.notices.push({ kind: 'queued', holder: waiting.holder, queued: { requestId: waiting.requestId, ahead } });
        }
    }
    takeNotices() {
        const notices = this.notices;
        this.notices = [];
        return notices;
    }
    get hasNotices() {
        return this.notices.length > 0;
    }
    get idle() {
        return this.holding.length === 0 && this.queue.length === 0;
    }
    holders() {
        return this.holding.map(({ requestId, holder }) => ({ requestId, holder }));
    }
    snapshot() {
        return {
            key: this.key,
            maxParallel: this.maxParallel,
            holding: [...this.holding],
            queue: [...this.queue],
            granted: this.granted,
        };
    }
    carry() {
        return { holding: this.holding, queue: this.queue, granted: this.granted, released: this.released };
    }
}
exports.LeaseBook = LeaseBook;
//# sourceMappingURL=lease-book.js.map