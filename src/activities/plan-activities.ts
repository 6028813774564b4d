import {
  artifactOf,
  type Catalog,
  type GrayPolicy,
  type LanguageSpec,
  type ReleaseWindowSpec,
} from '../config/catalog-schema';
import { packageRepository } from '../domain/artifact-kind';
import { resolveRepoUrl } from '../config/settings';
import { branchFor, imageRepository, previewEnvironment, previewIidOf } from '../domain/naming';
import { releasePeople } from '../domain/release-rules';
import { formatImageReference } from '../domain/image-reference';
import { vetImageForRelease } from '../domain/image-policy';
import { ImageNotResolvable, type RegistryDigests } from '../integrations/registry/registry-digests';
import { ErrorType, nonRetryable } from '../errors';
import type { ImageScanPlan } from './scan-activities';

export interface ReleasePlan {
  service: string;
  environment: string;
  autoDeploy: boolean;
  window: ReleaseWindowSpec;
  /** Person ids, "*" (anyone known) or "ci". */
  releasers: string[];
  approvers: string[];
  emergencyApprovers: string[];
  owners: string[];
  knownUsers: string[];
  gray: GrayPolicy;
  healthTimeoutMs: number;
  escalateAfterMs: number;
  /**
   * Flow control: the deploy limits this release takes a slot under, environment first, then its cluster (always
   * in that order, so two releases never wait on each other). Absent in plans recorded before issue 12.
   */
  flowControl?: { key: string; maxParallel: number }[];
  /**
   * The environment promotes from this one: the release checks its image ran healthy there before any change.
   * Absent where the environment has no promoteFrom, and in plans recorded before the check, so they replay.
   */
  promoteFrom?: string;
}

export interface PreviewPlan {
  service: string;
  environment: string;
  ttlMs: number;
  healthTimeoutMs: number;
  /** Kubernetes namespace of the preview (from the catalog's template). */
  namespace: string;
  /** Where the preview answers; empty when nothing says. */
  url: string;
  /** The environment whose settings and deploy place (Argo CD app) it copies; absent in plans recorded before. */
  baseEnvironment?: string;
  /** True when `url` comes from the catalog (previews.url), which wins over the address the target gives it. */
  urlFromCatalog?: boolean;
}

export interface PipelinePlan {
  service: string;
  environment: string;
  repoUrl: string;
  branch: string;
  languageName: string;
  language: LanguageSpec;
  minCoverage: number;
  autoDeploy: boolean;
  repository: string;
  /** The image scan gate for this environment; absent when the catalog has no `imageScan`. */
  imageScan?: ImageScanPlan;
  /**
   * Set when CI packages this service instead of building an image (`repository` is then its packages/
   * repository). Absent for images, and in plans recorded before packages existed, so their replays build images.
   */
  artifact?: 'package';
}

/** Reads the catalog for a run. Done in an activity so the plan a run used is recorded in its history. */
export function createPlanActivities(deps: {
  catalog: Catalog;
  repoBase: string;
  registry?: RegistryDigests;
  /** Where a preview answers when the catalog has no `previews.url` (the local deploy target's port). */
  previewUrlOf?: (service: string, environment: string) => string;
}) {
  const { catalog } = deps;

  /** A preview-<iid> environment of a service that allows previews takes the settings of the base environment. */
  function previewBase(service: string, environment: string) {
    const previews = catalog.previews;
    if (previewIidOf(environment) === undefined || !previews?.services.includes(service)) return undefined;
    return catalog.environments[previews.baseEnvironment];
  }

  function lookup(service: string, environment: string) {
    const spec = catalog.services[service];
    if (!spec) {
      throw nonRetryable(
        ErrorType.UnknownService,
        `unknown service "${service}"; known: ${Object.keys(catalog.services).join(', ')}`,
      );
    }
    const env = catalog.environments[environment] ?? previewBase(service, environment);
    if (!env) {
      throw nonRetryable(
        ErrorType.UnknownEnvironment,
        `unknown environment "${environment}"; known: ${Object.keys(catalog.environments).join(', ')}`,
      );
    }
    return { spec, env };
  }

  return {
    async planRelease(input: { service: string; environment: string }): Promise<ReleasePlan> {
      const { spec, env } = lookup(input.service, input.environment);
      // The same lists the API refuses with before a release starts (src/domain/release-rules.ts).
      const people = releasePeople(catalog, input.service, input.environment);
      return {
        service: input.service,
        environment: input.environment,
        autoDeploy: env.autoDeploy,
        window: { timeZone: env.timeZone, windows: env.windows, freezes: env.freezes },
        releasers: people.releasers,
        approvers: people.approvers,
        emergencyApprovers: people.emergencyApprovers,
        owners: spec.owners,
        knownUsers: people.knownUsers,
        gray: { ...spec.gray, enabled: spec.gray.enabled && env.gray },
        healthTimeoutMs: env.healthTimeout,
        escalateAfterMs: env.escalateAfter,
        flowControl: deployLimits(input.environment, env, spec.cluster),
        ...(env.promoteFrom ? { promoteFrom: env.promoteFrom } : {}),
      };
    },

    /**
     * Vets a release's image before anything starts (grammar, allowed registry) and pins it by digest where the
     * environment requires one, asking the registry for a tag's digest. Returns the reference to deploy.
     */
    async resolveReleaseImage(input: { service: string; environment: string; image: string }): Promise<string> {
      lookup(input.service, input.environment);
      const check = vetImageForRelease(input.image, catalog, input.environment);
      if (!check.ok) throw nonRetryable(ErrorType.ImageRejected, check.reason);
      if (!check.needsDigest) return input.image;
      if (!deps.registry) {
        throw nonRetryable(
          ErrorType.ImageRejected,
          `${input.environment} requires images pinned by digest and no registry is configured to resolve ` +
            `${input.image}; release it as <repository>@sha256:<digest>`,
        );
      }
      try {
        return formatImageReference(await deps.registry.pin(check.image));
      } catch (err) {
        // A registry outage is retried; a tag that does not exist or is refused is not.
        if (err instanceof ImageNotResolvable && err.permanent)
          throw nonRetryable(ErrorType.ImageRejected, err.message);
        throw err;
      }
    },

    /** What a merge request's preview needs: its environment, TTL, health timeout and where it answers. */
    async planPreview(input: { service: string; iid: number }): Promise<PreviewPlan> {
      const environment = previewEnvironment(input.iid);
      const { env } = lookup(input.service, environment);
      const previews = catalog.previews!;
      const fill = (template: string) =>
        template.replaceAll('{service}', input.service).replaceAll('{iid}', String(input.iid));
      return {
        service: input.service,
        environment,
        ttlMs: previews.ttl,
        healthTimeoutMs: env.healthTimeout,
        namespace: fill(previews.namespace),
        url: previews.url ? fill(previews.url) : (deps.previewUrlOf?.(input.service, environment) ?? ''),
        baseEnvironment: previews.baseEnvironment,
        urlFromCatalog: previews.url !== undefined,
      };
    },

    async planPipeline(input: { service: string; environment: string; branch?: string }): Promise<PipelinePlan> {
      const { spec, env } = lookup(input.service, input.environment);
      const preview = !catalog.environments[input.environment];
      const language = catalog.languages[spec.language];
      if (!language)
        throw nonRetryable(ErrorType.ConfigInvalid, `service ${input.service}: unknown language ${spec.language}`);
      return {
        service: input.service,
        environment: input.environment,
        repoUrl: resolveRepoUrl(spec.repo, deps.repoBase),
        // A preview builds the merge request's source branch; it deploys itself (the preview workflow), never here.
        branch: preview && input.branch ? input.branch : branchFor(spec, input.environment, env),
        languageName: spec.language,
        language,
        minCoverage: spec.minCoverage ?? catalog.qualityGate.minCoverage,
        autoDeploy: env.autoDeploy && !preview,
        ...(artifactOf(catalog, input.service) === 'package'
          ? { repository: packageRepository(catalog.registry, input.service), artifact: 'package' as const }
          : { repository: imageRepository(catalog.registry, input.service) }),
        ...(catalog.imageScan
          ? {
              imageScan: {
                scanners: catalog.imageScan.scanners,
                failOn: env.imageScan.failOn,
                allow: catalog.imageScan.allow.filter((a) => !a.services || a.services.includes(input.service)),
                timeoutMs: catalog.imageScan.timeout,
              },
            }
          : {}),
      };
    },
  };
}

/** The environment's limit, then the service's cluster's limit in that environment, where the catalog sets them. */
function deployLimits(
  environment: string,
  env: Catalog['environments'][string],
  cluster: string | undefined,
): { key: string; maxParallel: number }[] {
  const limits: { key: string; maxParallel: number }[] = [];
  if (env.maxParallel !== undefined) limits.push({ key: environment, maxParallel: env.maxParallel });
  const clusterLimit = cluster !== undefined ? env.clusters[cluster] : undefined;
  if (clusterLimit) limits.push({ key: `${environment}/${cluster}`, maxParallel: clusterLimit.maxParallel });
  return limits;
}
