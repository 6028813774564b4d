import type { GantryClient } from '../../client/gantry-client';
import type { Catalog } from '../../config/catalog-schema';
import type { Settings } from '../../config/settings';
import { renderReleaseCard } from '../../integrations/feishu/release-card';
import { createFeishuCallbackHandler } from '../feishu-callback';
import { HttpError, readBody, sendJson } from '../http-io';
import type { GantryRoute } from './gantry-app';

export type FeishuCallback = ReturnType<typeof createFeishuCallbackHandler>;

/** Feishu card-button callbacks; without Feishu configured the path is unknown. */
export const feishuRoutes: GantryRoute[] = [
  {
    method: 'POST',
    path: '/hooks/feishu/card',
    handler: async ({ app, req, res, url }) => {
      if (!app.feishu) throw new HttpError(404, `no route for POST ${url.pathname}`);
      const { status, body } = await app.feishu(await readBody(req), req.headers);
      sendJson(res, status, body);
    },
  },
];

/** The card-button callback, when Feishu is the notifier: the same people and links as the cards it answers. */
export function createFeishuCallback(
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
