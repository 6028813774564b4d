"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createFeishuNotifier = createFeishuNotifier;
const feishu_api_1 = require("./feishu-api");
const release_card_1 = require("./release-card");
/**
 * Feishu release cards: one card per release, sent on the first event and PATCHed in place afterwards (the
 * workflow keeps the message_id as cardRef). People who must act are shown in the card as at-tags, and, because
 * an updated card notifies nobody, also pinged with one short text message (group bot if configured, else app bot).
 */
function createFeishuNotifier(options) {
    const { api, chatId } = options;
    const links = { uiUrl: options.uiUrl, apiUrl: options.apiUrl, namespace: options.namespace };
    const mentionsOf = (event) => [...new Set(event.mention)].map((id) => ({
        openId: options.people[id]?.feishuOpenId,
        name: options.people[id]?.name ?? id,
    }));
    async function ping(event, mentions) {
        const p = event.progress;
        // Text messages mention with <at user_id="ou_…"> for both bots (open_id goes in user_id, per Feishu docs).
        const who = mentions.map((m) => (m.openId ? `<at user_id="${m.openId}">${m.name}</at>` : `@${m.name}`));
        const what = p.status === 'waiting-for-window'
            ? 'is waiting for the release window; an emergency approval can start it now'
            : p.status === 'waiting-for-promotion'
                ? 'is waiting for promotion to full'
                : `needs you (${p.status})`;
        const text = `${who.join(' ')} ${p.service} → ${p.environment} ${what}: see the release card above.`;
        if (options.botWebhook) {
            await api.sendBotMessage(options.botWebhook.url, options.botWebhook.secret, {
                msg_type: 'text',
                content: { text },
            });
        }
        else {
            await api.sendText(chatId, 'chat_id', text, (0, feishu_api_1.messageUuid)(p.workflowId, p.releaseId, event.kind, 'ping'));
        }
    }
    return {
        async notify(event) {
            const p = event.progress;
            const mentions = mentionsOf(event);
            const card = (0, release_card_1.renderReleaseCard)(p, links, mentions);
            let cardRef = event.cardRef;
            if (cardRef) {
                try {
                    await api.updateCard(cardRef, card);
                }
                catch (err) {
                    // A recalled, deleted or too old (14 days) message cannot be patched: post a fresh card instead. Rate
                    // limits and outages were already retried and are rethrown so the activity retries them.
                    if (!(err instanceof feishu_api_1.FeishuApiError) || err.transient)
                        throw err;
                    cardRef = undefined;
                }
            }
            if (!cardRef) {
                // The uuid is per release (and per replaced card), so an activity retry does not post a second card.
                cardRef = await api.sendCard(chatId, 'chat_id', card, (0, feishu_api_1.messageUuid)(p.workflowId, p.releaseId, event.cardRef ?? ''));
            }
            if (mentions.length)
                await ping(event, mentions);
            return { cardRef };
        },
    };
}
//# sourceMappingURL=feishu-notifier.js.map