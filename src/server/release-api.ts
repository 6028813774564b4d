import { z } from 'zod';
import { DecisionRejected, type DecisionKind, type GantryClient } from '../client/gantry-client';
import { PipelineRerunRefused } from '../client/pipeline-starts';
import type { Catalog } from '../config/catalog-schema';
import { parseDuration } from '../config/duration';
import type { LogStore } from '../ports/log-store';
import { promotionVerdict } from '../domain/promotion';
import { isFullCommitSha } from '../domain/git-names';
import { previewIidOf } from '../domain/naming';
import { checkImageForRelease } from '../domain/image-policy';
import {
  isPersonName,
  isReasonText,
  isRequestId,
  PERSON_MAX,
  REASON_MAX,
  REQUEST_ID_MAX,
} from '../domain/request-fields';
import { actorOf, principalOf } from '../auth/actor';
import type { Identity } from '../auth/identity';
import { mayRequest, releasePeople, type Refusal } from '../domain/release-rules';
import { ErrorType } from '../errors';
import { HttpError } from './http-io';
import { findStuckReleases } from './stuck-releases';

// Who, why and which request reach commit messages, workflow state and chat cards: one printable line, bounded.
const person = z.string().refine(isPersonName, `one line of at most ${PERSON_MAX} printable characters`);
const reasonText = z.string().refine(isReasonText, `at most ${REASON_MAX} characters, no control characters`);
const requestId = z.string().refine(isRequestId, `one line of at most ${REQUEST_ID_MAX} printable characters`);

const releaseBody = z.object({
  service: z.string(),
  environment: z.string(),
  /** Honoured only in the embedded loopback mode (the authenticator decides); otherwise the token's person acts. */
  requestedBy: person.optional(),
  image: z.string().optional(),
  reason: reasonText.optional(),
  rollback: z.boolean().default(false),
  requestId: requestId.optional(),
  /** Release an image that never ran healthy in the promoteFrom environment: an audited emergency. */
  overridePromotion: z.boolean().default(false),
});
const decisionBody = z.object({
  /** As requestedBy: a name the loopback mode trusts, ignored everywhere else. */
  by: person.optional(),
  reason: reasonText.optional(),
  requestId: requestId.optional(),
});
const pipelineBody = z.object({
  service: z.string(),
  environment: z.string(),
  commit: z.string().refine(isFullCommitSha, 'a full commit sha (40 or 64 lowercase hex digits)'),
  triggeredBy: person.optional(),
  /** Re-run the commit's failed pipeline (a new, audited run); without it a failed pipeline is joined, not re-run. */
  rerun: z.boolean().default(false),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new HttpError(400, result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  }
  return result.data;
}

const LIST_FILTERS = new Set(['running', 'waiting', 'all']);

/** The release API behind the CLI and chat buttons: thin, all decisions live in the workflows. */
export function createReleaseApi(deps: {
  gantry: GantryClient;
  catalog: Catalog;
  logs: LogStore;
  log?: (line: string) => void;
}) {
  const { gantry, catalog } = deps;
  // Own keys only: "constructor" or "__proto__" must not pass as a service. Names are the catalog's, so every
  // workflow id, GitOps path and Argo CD app name is built from a name the catalog schema already checked.
  const known = (service: string, environment: string) => {
    if (!Object.hasOwn(catalog.services, service)) throw new HttpError(404, `unknown service "${clip(service)}"`);
    if (!Object.hasOwn(catalog.environments, environment))
      throw new HttpError(404, `unknown environment "${clip(environment)}"`);
  };
  /** The image rules (OCI grammar, allowed registry, tag or digest), before anything starts: 400 with the rule. */
  const vetImage = (image: string, environment: string) => {
    const refused = checkImageForRelease(image, catalog, environment);
    if (refused) throw new HttpError(400, `image refused: ${refused}`);
  };

  /**
   * The promotion rule of an environment with promoteFrom, before anything starts: the image tested in the source
   * environment, or a refusal with the reason. Rollbacks redeploy what ran here before and are not promotions.
   */
  async function promotionOf(r: z.output<typeof releaseBody>) {
    const from = catalog.environments[r.environment]?.promoteFrom;
    if (!from || r.rollback) {
      if (r.overridePromotion) throw new HttpError(400, `${r.environment} does not promote from another environment`);
      return undefined;
    }
    const verdict = promotionVerdict({
      service: r.service,
      environment: r.environment,
      from,
      healthy: await gantry.healthyRuns(r.service, from),
      image: r.image,
      override: r.overridePromotion ? { reason: r.reason } : undefined,
    });
    if (!verdict.ok) throw new HttpError(verdict.status, verdict.reason);
    return verdict;
  }

  return {
    /** The catalog the API decides with (whoami shows the caller's catalog entry). */
    catalog,

    async listReleases(query: URLSearchParams) {
      const filter = query.get('filter') ?? 'running';
      if (filter === 'stuck') {
        const olderThan = parseDuration(query.get('olderThan') ?? '15m') ?? 900_000;
        return findStuckReleases(gantry, olderThan);
      }
      if (!LIST_FILTERS.has(filter)) throw new HttpError(400, `unknown filter ${filter}`);
      return gantry.listReleases(filter as 'running' | 'waiting' | 'all');
    },

    releaseProgress: async (service: string, environment: string) => {
      known(service, environment);
      return gantry.releaseProgress(service, environment);
    },

    pipelineProgress: async (service: string, environment: string, commit: string) => {
      // A merge request's preview builds as pipeline/<service>/preview-<iid>/<commit>: readable like the others.
      const preview = previewIidOf(environment) !== undefined && catalog.previews?.services.includes(service);
      if (!preview) known(service, environment);
      if (!isFullCommitSha(commit)) throw new HttpError(400, 'a full commit sha (40 or 64 lowercase hex digits)');
      return gantry.pipelineProgress(service, environment, commit);
    },

    async readLog(id: string) {
      const text = await deps.logs.read(id);
      if (!text) throw new HttpError(404, 'no such log');
      return text;
    },

    /** `identity` is who the authenticator says is calling: the body's requestedBy never decides it. */
    async requestRelease(body: unknown, identity: Identity) {
      const r = parse(releaseBody, body);
      known(r.service, r.environment);
      const requestedBy = principalOf(identity);
      // The workflow's own permission gate, before anything starts: a refusal leaves no workflow and no history.
      const kind = r.rollback ? 'rollback' : 'release';
      refuseWith403(mayRequest(releasePeople(catalog, r.service, r.environment), requestedBy, kind, r.service));
      if (r.image !== undefined) vetImage(r.image, r.environment);
      const promoted = await promotionOf(r);
      const image = promoted?.image ?? r.image ?? (await gantry.latestBuild(r.service, r.environment))?.image;
      if (!image) {
        throw new HttpError(
          409,
          `no successful build of ${r.service} for ${r.environment} yet: push to its branch or pass an image`,
        );
      }
      vetImage(image, r.environment);
      const started = await gantry.requestRelease(r.service, r.environment, {
        image,
        requestedBy,
        actor: actorOf(identity),
        kind,
        reason: r.reason,
        requestId: r.requestId,
        ...(promoted ? { promotion: promoted.source } : {}),
      });
      if (promoted?.source.override) {
        deps.log?.(
          `[gantry] promotion override: ${requestedBy} releases ${image} to ${r.service}/${r.environment} untested in ${promoted.source.from}: ${promoted.source.override.reason}`,
        );
      }
      return { ...started, image, ...(promoted ? { promotion: promoted.source } : {}) };
    },

    /** A merge request's preview: status, URL, TTL and what happened (`gantry preview <service> <iid>`). */
    previewProgress(service: string, iid: string) {
      if (!catalog.services[service]) throw new HttpError(404, `unknown service "${service}"`);
      if (!/^[1-9][0-9]{0,11}$/.test(iid)) throw new HttpError(400, 'a merge request iid is a positive number');
      return gantry.previewProgress(service, Number(iid));
    },

    /** Per service, per environment: the image running healthy (the newest successful release). */
    deployedImages: () => gantry.deployedImages(),

    async startPipeline(body: unknown, identity: Identity) {
      const p = parse(pipelineBody, body);
      known(p.service, p.environment);
      const input = {
        service: p.service,
        environment: p.environment,
        commit: p.commit,
        triggeredBy: principalOf(identity),
      };
      try {
        return await gantry.startPipeline(input, { rerun: p.rerun });
      } catch (err) {
        if (err instanceof PipelineRerunRefused) throw new HttpError(409, err.message);
        throw err;
      }
    },

    /** Who requested and decided what on a release, when and how (`gantry audit`). */
    async audit(service: string, environment: string) {
      known(service, environment);
      return gantry.releaseAudit(service, environment);
    },

    /**
     * A decision by the authenticated caller. The workflow's validators decide with the same rules as the release
     * gate; a refusal leaves no history. Permission refusals (typed PermissionDenied, with the rule) answer 403,
     * anything else that does not fit the release's state 409.
     */
    async decide(service: string, environment: string, kind: DecisionKind, body: unknown, identity: Identity) {
      known(service, environment);
      const d = parse(decisionBody, body);
      const decision = { by: principalOf(identity), reason: d.reason, actor: actorOf(identity) };
      try {
        return await gantry.decide(service, environment, kind, decision, d.requestId);
      } catch (err) {
        if (!(err instanceof DecisionRejected)) throw err;
        if (err.type === ErrorType.PermissionDenied) throw new HttpError(403, err.message, { rule: err.rule });
        throw new HttpError(409, err.message);
      }
    },
  };
}

export type ReleaseApi = ReturnType<typeof createReleaseApi>;

/** 403 with the rule that refused, as the workflow would have refused it later. */
function refuseWith403(refusal: Refusal | undefined): void {
  if (refusal) throw new HttpError(403, refusal.message, { rule: refusal.rule });
}

/** Names from a URL or body go into an error message: never kilobytes of them. */
const clip = (text: string): string => (text.length > 80 ? `${text.slice(0, 77)}...` : text);
