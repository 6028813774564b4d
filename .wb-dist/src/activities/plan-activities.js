"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createPlanActivities = createPlanActivities;
const catalog_schema_1 = require("../config/catalog-schema");
const artifact_kind_1 = require("../domain/artifact-kind");
const settings_1 = require("../config/settings");
const naming_1 = require("../domain/naming");
const release_rules_1 = require("../domain/release-rules");
const image_reference_1 = require("../domain/image-reference");
const image_policy_1 = require("../domain/image-policy");
const registry_digests_1 = require("../integrations/registry/registry-digests");
const errors_1 = require("../errors");
/** Reads the catalog for a run. Done in an activity so the plan a run used is recorded in its history. */
function createPlanActivities(deps) {
    const { catalog } = deps;
    /** A preview-<iid> environment of a service that allows previews takes the settings of the base environment. */
    function previewBase(service, environment) {
        const previews = catalog.previews;
        if ((0, naming_1.previewIidOf)(environment) === undefined || !previews?.services.includes(service))
            return undefined;
        return catalog.environments[previews.baseEnvironment];
    }
    function lookup(service, environment) {
        const spec = catalog.services[service];
        if (!spec) {
            throw (0, errors_1.nonRetryable)(errors_1.ErrorType.UnknownService, `unknown service "${service}"; known: ${Object.keys(catalog.services).join(', ')}`);
        }
        const env = catalog.environments[environment] ?? previewBase(service, environment);
        if (!env) {
            throw (0, errors_1.nonRetryable)(errors_1.ErrorType.UnknownEnvironment, `unknown environment "${environment}"; known: ${Object.keys(catalog.environments).join(', ')}`);
        }
        return { spec, env };
    }
    return {
        async planRelease(input) {
            const { spec, env } = lookup(input.service, input.environment);
            // The same lists the API refuses with before a release starts (src/domain/release-rules.ts).
            const people = (0, release_rules_1.releasePeople)(catalog, input.service, input.environment);
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
        async resolveReleaseImage(input) {
            lookup(input.service, input.environment);
            const check = (0, image_policy_1.vetImageForRelease)(input.image, catalog, input.environment);
            if (!check.ok)
                throw (0, errors_1.nonRetryable)(errors_1.ErrorType.ImageRejected, check.reason);
            if (!check.needsDigest)
                return input.image;
            if (!deps.registry) {
                throw (0, errors_1.nonRetryable)(errors_1.ErrorType.ImageRejected, `${input.environment} requires images pinned by digest and no registry is configured to resolve ` +
                    `${input.image}; release it as <repository>@sha256:<digest>`);
            }
            try {
                return (0, image_reference_1.formatImageReference)(await deps.registry.pin(check.image));
            }
            catch (err) {
                // A registry outage is retried; a tag that does not exist or is refused is not.
                if (err instanceof registry_digests_1.ImageNotResolvable && err.permanent)
                    throw (0, errors_1.nonRetryable)(errors_1.ErrorType.ImageRejected, err.message);
                throw err;
            }
        },
        /** What a merge request's preview needs: its environment, TTL, health timeout and where it answers. */
        async planPreview(input) {
            const environment = (0, naming_1.previewEnvironment)(input.iid);
            const { env } = lookup(input.service, environment);
            const previews = catalog.previews;
            const fill = (template) => template.replaceAll('{service}', input.service).replaceAll('{iid}', String(input.iid));
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
        async planPipeline(input) {
            const { spec, env } = lookup(input.service, input.environment);
            const preview = !catalog.environments[input.environment];
            const language = catalog.languages[spec.language];
            if (!language)
                throw (0, errors_1.nonRetryable)(errors_1.ErrorType.ConfigInvalid, `service ${input.service}: unknown language ${spec.language}`);
            return {
                service: input.service,
                environment: input.environment,
                repoUrl: (0, settings_1.resolveRepoUrl)(spec.repo, deps.repoBase),
                // A preview builds the merge request's source branch; it deploys itself (the preview workflow), never here.
                branch: preview && input.branch ? input.branch : (0, naming_1.branchFor)(spec, input.environment, env),
                languageName: spec.language,
                language,
                minCoverage: spec.minCoverage ?? catalog.qualityGate.minCoverage,
                autoDeploy: env.autoDeploy && !preview,
                ...((0, catalog_schema_1.artifactOf)(catalog, input.service) === 'package'
                    ? { repository: (0, artifact_kind_1.packageRepository)(catalog.registry, input.service), artifact: 'package' }
                    : { repository: (0, naming_1.imageRepository)(catalog.registry, input.service) }),
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
function deployLimits(environment, env, cluster) {
    const limits = [];
    if (env.maxParallel !== undefined)
        limits.push({ key: environment, maxParallel: env.maxParallel });
    const clusterLimit = cluster !== undefined ? env.clusters[cluster] : undefined;
    if (clusterLimit)
        limits.push({ key: `${environment}/${cluster}`, maxParallel: clusterLimit.maxParallel });
    return limits;
}
//# sourceMappingURL=plan-activities.js.map