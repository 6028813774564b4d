"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createLogNotifier = createLogNotifier;
/** The embedded notifier: one line per release event, on the worker's output. Feishu replaces it in production. */
function createLogNotifier(write) {
    return {
        async notify(event) {
            const p = event.progress;
            const mention = event.mention.length ? ` → ${event.mention.map((m) => `@${m}`).join(' ')}` : '';
            const wake = p.wakeAt ? ` (wakes ${p.wakeAt})` : '';
            const error = p.lastError ? ` — ${p.lastError.type}: ${p.lastError.message.split('\n')[0]}` : '';
            const preview = p.previewUrl ? ` — preview at ${p.previewUrl}` : '';
            write(`[gantry] ${p.service}/${p.environment} ${event.kind}: ${p.image} ${p.percent}%${wake}${preview}${error}${mention}`);
        },
    };
}
//# sourceMappingURL=log-notifier.js.map