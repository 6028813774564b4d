import type { Notifier, ReleaseEvent } from '../../ports/notifier';
import { FeishuApiError, messageUuid, type FeishuApi } from './feishu-api';
import { renderReleaseCard, type CardMention } from './release-card';

export interface FeishuNotifierOptions {
  api: Pick<FeishuApi, 'sendCard' | 'updateCard' | 'sendText' | 'sendBotMessage'>;
  /** The group chat the app bot posts release cards to. */
  chatId: string;
  /** A custom group bot for mention pings; without it the app bot posts the ping to chatId. */
  botWebhook?: { url: string; secret?: string };
  people: Record<string, { feishuOpenId?: string; name?: string }>;
  uiUrl: string;
  apiUrl: string;
  namespace: string;
}

/**
 * Feishu release cards: one card per release, sent on the first event and PATCHed in place afterwards (the
 * workflow keeps the message_id as cardRef). People who must act are shown in the card as at-tags, and, because
 * an updated card notifies nobody, also pinged with one short text message (group bot if configured, else app bot).
 */
export function createFeishuNotifier(options: FeishuNotifierOptions): Notifier {
  const { api, chatId } = options;
  const links = { uiUrl: options.uiUrl, apiUrl: options.apiUrl, namespace: options.namespace };

  const mentionsOf = (event: ReleaseEvent): CardMention[] =>
    [...new Set(event.mention)].map((id) => ({
      openId: options.people[id]?.feishuOpenId,
      name: options.people[id]?.name ?? id,
    }));

  async function ping(event: ReleaseEvent, mentions: CardMention[]): Promise<void> {
    const p = event.progress;
    // Text messages mention with <at user_id="ou_…"> for both bots (open_id goes in user_id, per Feishu docs).
    const who = mentions.map((m) => (m.openId ? `<at user_id="${m.openId}">${m.name}</at>` : `@${m.name}`));
    const what =
      p.status === 'waiting-for-window'
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
    } else {
      await api.sendText(chatId, 'chat_id', text, messageUuid(p.workflowId, p.releaseId, event.kind, 'ping'));
    }
  }

  return {
    async notify(event: ReleaseEvent): Promise<{ cardRef: string }> {
      const p = event.progress;
      const mentions = mentionsOf(event);
      const card = renderReleaseCard(p, links, mentions);
      let cardRef = event.cardRef;
      if (cardRef) {
        try {
          await api.updateCard(cardRef, card);
        } catch (err) {
          // A recalled, deleted or too old (14 days) message cannot be patched: post a fresh card instead. Rate
          // limits and outages were already retried and are rethrown so the activity retries them.
          if (!(err instanceof FeishuApiError) || err.transient) throw err;
          cardRef = undefined;
        }
      }
      if (!cardRef) {
        // The uuid is per release (and per replaced card), so an activity retry does not post a second card.
        cardRef = await api.sendCard(
          chatId,
          'chat_id',
          card,
          messageUuid(p.workflowId, p.releaseId, event.cardRef ?? ''),
        );
      }
      if (mentions.length) await ping(event, mentions);
      return { cardRef };
    },
  };
}
