import { z } from 'zod';
import { DecisionRejected, type DecisionKind, type GantryClient } from '../client/gantry-client';
import type { Catalog } from '../config/catalog-schema';
import { HttpError } from './http-io';

const releaseBody = z.object({
  service: z.string(),
  environment: z.string(),
  requestedBy: z.string().min(1),
  image: z.string().optional(),
  reason: z.string().optional(),
  rollback: z.boolean().default(false),
  requestId: z.string().optional(),
});
const decisionBody = z.object({
  by: z.string().min(1),
  reason: z.string().optional(),
  requestId: z.string().optional(),
});
const pipelineBody = z.object({
  service: z.string(),
  environment: z.string(),
  commit: z.string().regex(/^[0-9a-f]{40}$/, 'a full 40-character commit sha'),
  triggeredBy: z.string().min(1),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new HttpError(400, result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  }
  return result.data;
}

/** The release API behind the CLI and chat buttons: thin, all decisions live in the workflows. */
export function createApiRoutes(deps: { gantry: GantryClient; catalog: Catalog }) {
  const { gantry, catalog } = deps;
  const known = (service: string, environment: string) => {
    if (!catalog.services[service]) throw new HttpError(404, `unknown service "${service}"`);
    if (!catalog.environments[environment]) throw new HttpError(404, `unknown environment "${environment}"`);
  };

  return {
    async requestRelease(body: unknown) {
      const r = parse(releaseBody, body);
      known(r.service, r.environment);
      const image = r.image ?? (await gantry.latestBuild(r.service, r.environment))?.image;
      if (!image) {
        throw new HttpError(
          409,
          `no successful build of ${r.service} for ${r.environment} yet: push to its branch or pass an image`,
        );
      }
      const started = await gantry.requestRelease(r.service, r.environment, {
        image,
        requestedBy: r.requestedBy,
        kind: r.rollback ? 'rollback' : 'release',
        reason: r.reason,
        requestId: r.requestId,
      });
      return { ...started, image };
    },

    async startPipeline(body: unknown) {
      const p = parse(pipelineBody, body);
      known(p.service, p.environment);
      return gantry.startPipeline(p);
    },

    async decide(service: string, environment: string, kind: DecisionKind, body: unknown) {
      known(service, environment);
      const d = parse(decisionBody, body);
      try {
        return await gantry.decide(service, environment, kind, { by: d.by, reason: d.reason }, d.requestId);
      } catch (err) {
        if (err instanceof DecisionRejected) throw new HttpError(409, err.message);
        throw err;
      }
    },
  };
}
