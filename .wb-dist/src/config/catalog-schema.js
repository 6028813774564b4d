"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.catalogSchema = exports.teamSchema = exports.personSchema = exports.previewsSchema = exports.serviceSchema = exports.graySchema = exports.grayStepSchema = exports.metricCheckSchema = exports.languageSchema = exports.toolchainSchema = exports.coverageFormats = exports.environmentSchema = exports.ROLES = exports.imageScanSchema = exports.scanAllowSchema = exports.SEVERITIES = exports.freezeSchema = exports.windowSchema = exports.WEEKDAYS = exports.environmentName = exports.resourceName = void 0;
exports.artifactOf = artifactOf;
const zod_1 = require("zod");
const catalog_references_1 = require("./catalog-references");
const metrics_analysis_1 = require("../ports/metrics-analysis");
const duration_1 = require("./duration");
const identity_uniqueness_1 = require("./identity-uniqueness");
const image_reference_1 = require("../domain/image-reference");
const git_names_1 = require("../domain/git-names");
const artifact_kind_1 = require("../domain/artifact-kind");
/** One name drives the workflow ids, the K8s Deployment/Service/container, the Argo CD app and alert labels. */
exports.resourceName = zod_1.z
    .string()
    .regex(/^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/, 'use lowercase letters, digits and "-", start with a letter, 40 chars at most');
const identifier = zod_1.z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, ".", "_" or "-"');
/** Environment names end up in workflow ids, file paths (environments/<env>/) and Argo CD app names (DNS labels). */
exports.environmentName = zod_1.z
    .string()
    .regex(/^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/, 'use lowercase letters, digits and "-", start with a letter, 20 chars at most');
/** A Git branch: ends up on git's command line, so git's own rules plus no leading "-" (no option injection). */
const branchName = zod_1.z
    .string()
    .min(1)
    .refine(git_names_1.isValidBranchName, { message: 'not a valid Git branch name (git check-ref-format; no leading "-")' });
/** A registry host[:port], as image references name it. */
const registryHost = zod_1.z
    .string()
    .refine(image_reference_1.isRegistryHost, { message: 'a registry host, e.g. "registry.example.com" or "127.0.0.1:5000"' });
const isTimeZone = (tz) => {
    try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
    }
    catch {
        return false;
    }
};
exports.WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const clockTime = zod_1.z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'write the time as HH:MM, 24-hour clock');
const isoDate = zod_1.z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD');
exports.windowSchema = zod_1.z
    .object({
    days: zod_1.z.array(zod_1.z.enum(exports.WEEKDAYS)).min(1, 'list at least one day, e.g. [tue, thu]'),
    start: clockTime,
    end: clockTime,
})
    .refine((w) => w.start < w.end, { message: 'start must be before end (windows do not cross midnight; split them)' });
exports.freezeSchema = zod_1.z
    .object({ from: isoDate, to: isoDate, reason: zod_1.z.string().min(1) })
    .refine((f) => f.from <= f.to, { message: 'from must not be after to' });
/** Trivy's severities, lowest to highest. */
exports.SEVERITIES = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
/** An accepted finding: not failing the gate until `until` (inclusive, UTC), then it fails again. */
exports.scanAllowSchema = zod_1.z.object({
    /** Trivy's id of the finding: a CVE/GHSA id, or a secret rule id such as aws-access-key-id. */
    id: zod_1.z.string().min(1),
    /** Services it applies to; all when omitted. */
    services: zod_1.z.array(zod_1.z.string().min(1)).optional(),
    until: zod_1.z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD'),
    reason: zod_1.z.string().min(1, 'say why the finding is accepted'),
});
/** The image scan gate (trivy) run on every built image; per-environment policy is environments.<env>.imageScan. */
exports.imageScanSchema = zod_1.z.object({
    scanners: zod_1.z
        .array(zod_1.z.enum(['vuln', 'secret']))
        .min(1)
        .default(['vuln', 'secret']),
    allow: zod_1.z.array(exports.scanAllowSchema).default([]),
    timeout: duration_1.durationSchema.default(600_000),
});
exports.ROLES = ['owner', 'lead', 'release-manager'];
/** Who may do something: a role, a person's id, "*" for anyone known, or "ci" for Gantry's own automatic trigger. */
const principal = zod_1.z.string().min(1);
exports.environmentSchema = zod_1.z.object({
    branch: branchName.optional(),
    autoDeploy: zod_1.z.boolean().default(false),
    timeZone: zod_1.z
        .string()
        .refine(isTimeZone, { message: 'not an IANA time zone; use e.g. "Asia/Shanghai" or "UTC"' })
        .default('UTC'),
    windows: zod_1.z.array(exports.windowSchema).default([]),
    freezes: zod_1.z.array(exports.freezeSchema).default([]),
    releasers: zod_1.z.array(principal).default(['owner', 'lead', 'release-manager']),
    approvers: zod_1.z.array(principal).default(['owner', 'lead', 'release-manager']),
    emergencyApprovers: zod_1.z.array(principal).default(['lead', 'release-manager']),
    healthTimeout: duration_1.durationSchema.default(120_000),
    /** A release waiting this long for a person (promotion) is escalated to the leads and release managers. */
    escalateAfter: duration_1.durationSchema.default(4 * 3_600_000),
    /** Whether releases here go gray first (per the service's gray policy); dev/test usually go straight to full. */
    gray: zod_1.z.boolean().default(true),
    /**
     * Flow control: at most this many releases deploy here at once (GitOps commits, syncs, gray steps), the rest
     * queue in arrival order. Omitted: no limit.
     */
    maxParallel: zod_1.z.number().int().min(1).optional(),
    /** Tighter limits per cluster of this environment, for services that name a `cluster`. */
    clusters: zod_1.z.record(identifier, zod_1.z.object({ maxParallel: zod_1.z.number().int().min(1) })).default({}),
    /** Registries releases here may pull from; the catalog's `allowedRegistries` (or `registry`) when omitted. */
    allowedRegistries: zod_1.z.array(registryHost).min(1).optional(),
    /**
     * Releases must name an image by digest; a tag is resolved to its digest at the registry before anything starts.
     * Default: true for `pre` and `prod`, false elsewhere.
     */
    requireDigest: zod_1.z.boolean().optional(),
    /**
     * Promote what was tested: a release here defaults to the image running healthy in this environment (e.g. pre
     * from test, prod from pre), and an image that never ran healthy there is refused unless the release is an
     * emergency override (then an emergency approver must approve it, even inside the window).
     */
    promoteFrom: exports.environmentName.optional(),
    /** The image scan gate for builds of this environment's branch (used when the catalog has `imageScan`). */
    imageScan: zod_1.z
        .object({
        /** Severities that stop the pipeline; [] reports findings without failing (e.g. in dev). */
        failOn: zod_1.z.array(zod_1.z.enum(exports.SEVERITIES)).default(['CRITICAL']),
    })
        .default({ failOn: ['CRITICAL'] }),
});
exports.coverageFormats = ['lcov', 'cobertura', 'jacoco', 'go', 'clover'];
/**
 * How the embedded mode's local executor finds this language version on the worker's machine (the Kubernetes
 * executor uses buildImage instead): directories put first on PATH, and variables such as JAVA_HOME. The local
 * deploy target starts the service with the same toolchain, so a service built for Java 25 also runs on 25.
 */
exports.toolchainSchema = zod_1.z
    .object({
    path: zod_1.z.array(zod_1.z.string().min(1)).default([]),
    env: zod_1.z.record(zod_1.z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name'), zod_1.z.string()).default({}),
})
    .strict();
exports.languageSchema = zod_1.z.object({
    /**
     * The language's version when a catalog runs several side by side (e.g. java17 and java25 as two language
     * entries, each with its own buildImage and toolchain); shown in the pipeline's progress.
     */
    version: zod_1.z.string().min(1).optional(),
    /** Build image of this language version: the Kubernetes executor's step pods run in it. */
    buildImage: zod_1.z.string().min(1),
    runtimeImage: zod_1.z.string().min(1),
    compile: zod_1.z.string().min(1),
    test: zod_1.z.string().min(1),
    /** Glob (relative to the checkout) of the JUnit XML files the test command writes. */
    testReport: zod_1.z.string().min(1),
    coverageReport: zod_1.z.object({ path: zod_1.z.string().min(1), format: zod_1.z.enum(exports.coverageFormats) }).optional(),
    /** What the build produces (relative to the checkout): copied into the image as project/. */
    artifactPath: zod_1.z.string().min(1),
    /** Start script used when the service has no deploy/start.sh; {env} is replaced by the environment. */
    start: zod_1.z.string().min(1),
    timeout: duration_1.durationSchema.default(900_000),
    /**
     * What CI produces for this language: a container image (default), or a package (the build output with its
     * start.sh as a tar.gz, stored content-addressed as an OCI artifact) that a release fetches and runs.
     */
    artifact: zod_1.z.enum(artifact_kind_1.ARTIFACT_KINDS).optional(),
    toolchain: exports.toolchainSchema.optional(),
    /**
     * Pod settings for this language's steps under the Kubernetes executor (Kubernetes field names): resources,
     * nodeSelector, tolerations, serviceAccountName, volumes/volumeMounts for caches, imagePullSecrets.
     */
    pod: zod_1.z
        .object({
        resources: zod_1.z.record(zod_1.z.string(), zod_1.z.unknown()).optional(),
        nodeSelector: zod_1.z.record(zod_1.z.string(), zod_1.z.string()).optional(),
        tolerations: zod_1.z.array(zod_1.z.record(zod_1.z.string(), zod_1.z.unknown())).optional(),
        serviceAccountName: zod_1.z.string().optional(),
        volumes: zod_1.z.array(zod_1.z.record(zod_1.z.string(), zod_1.z.unknown())).optional(),
        volumeMounts: zod_1.z.array(zod_1.z.record(zod_1.z.string(), zod_1.z.unknown())).optional(),
        imagePullSecrets: zod_1.z.array(zod_1.z.string()).optional(),
    })
        .strict()
        .optional(),
});
exports.metricCheckSchema = zod_1.z.object({
    name: zod_1.z.string().min(1),
    /** PromQL returning one number; `{service}`, `{env}` and `{track}` become the release's labels. */
    query: zod_1.z.string().min(1),
    op: zod_1.z.enum(metrics_analysis_1.CHECK_OPERATORS),
    threshold: zod_1.z.number(),
});
/** One weighted gray step: `weight` percent of real requests go to gray for `bake`, then its checks decide. */
exports.grayStepSchema = zod_1.z.object({
    weight: zod_1.z.number().int().min(1).max(100),
    bake: duration_1.durationSchema.default(0),
    checks: zod_1.z.array(exports.metricCheckSchema).default([]),
});
exports.graySchema = zod_1.z.object({
    enabled: zod_1.z.boolean().default(true),
    bake: duration_1.durationSchema.default(0),
    promotion: zod_1.z.enum(['manual', 'auto']).default('manual'),
    /** Weighted steps before full, e.g. [{weight: 10, bake: 2m}, {weight: 50, bake: 5m}]; none: gray takes no traffic. */
    steps: zod_1.z
        .array(exports.grayStepSchema)
        .default([])
        .refine((steps) => steps.every((step, i) => i === 0 || step.weight > steps[i - 1].weight), {
        message: 'step weights must increase, e.g. 10, 50',
    }),
    analysis: zod_1.z
        .object({
        /** A check that cannot be evaluated (Prometheus down, no data) fails the step, or pauses for a person. */
        inconclusive: zod_1.z.enum(['fail', 'pause']).default('pause'),
    })
        .default({ inconclusive: 'pause' }),
});
exports.serviceSchema = zod_1.z.object({
    repo: zod_1.z.string().min(1),
    language: identifier,
    owners: zod_1.z.array(identifier).min(1, 'name at least one owner'),
    team: identifier,
    port: zod_1.z.number().int().min(1).max(65535).default(8080),
    healthPath: zod_1.z.string().startsWith('/').default('/healthz'),
    gray: exports.graySchema.default({
        enabled: true,
        bake: 0,
        promotion: 'manual',
        steps: [],
        analysis: { inconclusive: 'pause' },
    }),
    /** The cluster this service runs in (every environment): its `clusters.<name>.maxParallel` applies too. */
    cluster: identifier.optional(),
    minCoverage: zod_1.z.number().min(0).max(1).optional(),
    branches: zod_1.z.record(exports.environmentName, branchName).default({}),
    /** image or package for this service; its language's `artifact` (or image) when omitted. */
    artifact: zod_1.z.enum(artifact_kind_1.ARTIFACT_KINDS).optional(),
});
/**
 * Preview environments per merge request: `preview-<iid>` is derived from this template, not listed under
 * environments. A GitLab Merge Request Hook builds the source branch and deploys it there; merge, close or the TTL
 * tear it down.
 */
exports.previewsSchema = zod_1.z.object({
    /** Services that get a preview per merge request. */
    services: zod_1.z.array(exports.resourceName).min(1, 'name at least one service'),
    /** The environment whose settings previews use (health timeout, image scan policy). */
    baseEnvironment: exports.environmentName.default('dev'),
    /** A preview nobody updated for this long is torn down. */
    ttl: duration_1.durationSchema.default(3 * 86_400_000),
    /** Kubernetes: the namespace of a preview (its Argo CD app is `<service>-preview-<iid>`). */
    namespace: zod_1.z.string().min(1).default('{service}-preview-{iid}'),
    /** Where a preview answers, e.g. https://{service}-{iid}.preview.example.com; embedded: its local port. */
    url: zod_1.z.string().min(1).optional(),
});
exports.personSchema = zod_1.z.object({
    name: zod_1.z.string().min(1),
    email: zod_1.z.string().optional(),
    feishuOpenId: zod_1.z.string().optional(),
    gitlabUsername: zod_1.z.string().optional(),
    githubLogin: zod_1.z.string().optional(),
    /** The `sub` your OIDC provider gives this person, when Gantry matches people by subject. */
    oidcSubject: zod_1.z.string().optional(),
    roles: zod_1.z.array(zod_1.z.enum(['release-manager'])).default([]),
});
exports.teamSchema = zod_1.z.object({ leads: zod_1.z.array(identifier).min(1, 'name at least one lead') });
exports.catalogSchema = zod_1.z
    .object({
    registry: registryHost.default('registry.gantry.local'),
    /** Registries any release may pull from; just `registry` when omitted. Environments may narrow it. */
    allowedRegistries: zod_1.z.array(registryHost).min(1).optional(),
    qualityGate: zod_1.z.object({ minCoverage: zod_1.z.number().min(0).max(1).default(0) }).default({ minCoverage: 0 }),
    languages: zod_1.z.record(identifier, exports.languageSchema),
    environments: zod_1.z.record(exports.environmentName, exports.environmentSchema),
    people: zod_1.z.record(identifier, exports.personSchema),
    teams: zod_1.z.record(identifier, exports.teamSchema),
    services: zod_1.z.record(exports.resourceName, exports.serviceSchema),
    imageScan: exports.imageScanSchema.optional(),
    previews: exports.previewsSchema.optional(),
})
    .superRefine((catalog, ctx) => {
    for (const issue of (0, catalog_references_1.crossReferenceProblems)(catalog))
        ctx.addIssue({ code: 'custom', ...issue });
    for (const issue of (0, identity_uniqueness_1.duplicateIdentityProblems)(catalog.people))
        ctx.addIssue({ code: 'custom', ...issue });
});
/** What CI builds for a service: its own `artifact`, else its language's, else an image. */
function artifactOf(catalog, service) {
    const spec = catalog.services[service];
    return spec?.artifact ?? catalog.languages[spec?.language ?? '']?.artifact ?? 'image';
}
//# sourceMappingURL=catalog-schema.js.map