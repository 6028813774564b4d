import type { GantryClient } from '../client/gantry-client';
import type { Catalog } from '../config/catalog-schema';
import type { Settings } from '../config/settings';
import { createFeishuCallbackHandler } from '../integrations/feishu/feishu-callback';
import { renderReleaseCard } from '../integrations/feishu/release-card';

export type FeishuCallback = ReturnType<typeof createFeishuCallbackHandler>;

/** The card-button callback, when Feishu is the notifier: the same people and links as the cards it answers. */
export function createFeishuRoute(
  settings: Settings,
  catalog: Catalog,
  gantry: GantryClient,
): FeishuCallback | undefined {
  const feishu = settings.integrations.notifier;
  if (feishu.kind !== 'feishu') return undefined;
  const links = {
    uiUrl: settings.temporal.uiUrl,
    apiUrl: settings.http.publicUrl,
    namespace: settings.temporal.namespace,
  };
  return createFeishuCallbackHandler({
    verificationToken: feishu.verificationToken,
    encryptKey: feishu.encryptKey,
    decide: (...args) => gantry.decide(...args),
    progress: (...args) => gantry.releaseProgress(...args),
    people: catalog.people,
    renderCard: (progress) => renderReleaseCard(progress, links),
  });
}
