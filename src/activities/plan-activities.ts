import type { Catalog, GrayPolicy, LanguageSpec, ReleaseWindowSpec } from '../config/catalog-schema';
import { resolveRepoUrl } from '../config/settings';
import { defaultBranchFor, imageRepository } from '../domain/naming';
import { resolvePrincipals } from '../domain/permissions';
import { ErrorType, nonRetryable } from '../errors';

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
}

/** Reads the catalog for a run. Done in an activity so the plan a run used is recorded in its history. */
export function createPlanActivities(deps: { catalog: Catalog; repoBase: string }) {
  const { catalog } = deps;

  function lookup(service: string, environment: string) {
    const spec = catalog.services[service];
    if (!spec) {
      throw nonRetryable(
        ErrorType.UnknownService,
        `unknown service "${service}"; known: ${Object.keys(catalog.services).join(', ')}`,
      );
    }
    const env = catalog.environments[environment];
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
      return {
        service: input.service,
        environment: input.environment,
        autoDeploy: env.autoDeploy,
        window: { timeZone: env.timeZone, windows: env.windows, freezes: env.freezes },
        releasers: resolvePrincipals(catalog, input.service, env.releasers),
        approvers: resolvePrincipals(catalog, input.service, env.approvers),
        emergencyApprovers: resolvePrincipals(catalog, input.service, env.emergencyApprovers),
        owners: spec.owners,
        knownUsers: Object.keys(catalog.people),
        gray: { ...spec.gray, enabled: spec.gray.enabled && env.gray },
        healthTimeoutMs: env.healthTimeout,
        escalateAfterMs: env.escalateAfter,
      };
    },

    async planPipeline(input: { service: string; environment: string }): Promise<PipelinePlan> {
      const { spec, env } = lookup(input.service, input.environment);
      const language = catalog.languages[spec.language];
      if (!language)
        throw nonRetryable(ErrorType.ConfigInvalid, `service ${input.service}: unknown language ${spec.language}`);
      return {
        service: input.service,
        environment: input.environment,
        repoUrl: resolveRepoUrl(spec.repo, deps.repoBase),
        branch: spec.branches[input.environment] ?? env.branch ?? defaultBranchFor(input.environment),
        languageName: spec.language,
        language,
        minCoverage: spec.minCoverage ?? catalog.qualityGate.minCoverage,
        autoDeploy: env.autoDeploy,
        repository: imageRepository(catalog.registry, input.service),
      };
    },
  };
}
