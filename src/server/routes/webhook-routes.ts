import { RETRY_AFTER_SECONDS } from '../../client/temporal-guard';
import { readBody, sendJson } from '../http-io';
import type { HookResponse } from '../push-webhooks';
import type { GantryContext, GantryRoute } from './gantry-app';

const hook =
  (source: 'gitlab' | 'github') =>
  async ({ app, req, res }: GantryContext): Promise<void> => {
    const { status, body }: HookResponse = await app.hooks[source](req, await readBody(req));
    // 503 means "Temporal could not take it now": both senders retry, sooner with a hint.
    if (status === 503) res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
    sendJson(res, status, body);
  };

/** Push webhooks: GitLab and GitHub deliveries start CI (`src/server/push-webhooks.ts`). */
export const webhookRoutes: GantryRoute[] = [
  { method: 'POST', path: '/hooks/gitlab', handler: hook('gitlab') },
  { method: 'POST', path: '/hooks/github', handler: hook('github') },
];
