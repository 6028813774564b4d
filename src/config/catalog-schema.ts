import { z } from 'zod';
import { crossReferenceProblems } from './catalog-references';
import { durationSchema } from './duration';
import { duplicateIdentityProblems } from './identity-uniqueness';
import { isRegistryHost } from '../domain/image-reference';
import { isValidBranchName } from '../domain/git-names';
import { ARTIFACT_KINDS, type ArtifactKind } from '../domain/artifact-kind';
import { graySchema } from './gray-schema';
import { languageSchema } from './language-schema';

export { coverageFormats, languageSchema, toolchainSchema } from './language-schema';
export { graySchema, grayStepSchema, metricCheckSchema } from './gray-schema';

/** One name drives the workflow ids, the K8s Deployment/Service/container, the Argo CD app and alert labels. */
export const resourceName = z
  .string()
  .regex(
    /^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/,
    'use lowercase letters, digits and "-", start with a letter, 40 chars at most',
  );

const identifier = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, ".", "_" or "-"');

/** Environment names end up in workflow ids, file paths (environments/<env>/) and Argo CD app names (DNS labels). */
export const environmentName = z
  .string()
  .regex(
    /^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/,
    'use lowercase letters, digits and "-", start with a letter, 20 chars at most',
  );

/** A Git branch: ends up on git's command line, so git's own rules plus no leading "-" (no option injection). */
const branchName = z
  .string()
  .min(1)
  .refine(isValidBranchName, { message: 'not a valid Git branch name (git check-ref-format; no leading "-")' });

/** A registry host[:port], as image references name it. */
const registryHost = z
  .string()
  .refine(isRegistryHost, { message: 'a registry host, e.g. "registry.example.com" or "127.0.0.1:5000"' });

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const clockTime = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'write the time as HH:MM, 24-hour clock');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD');

export const windowSchema = z
  .object({
    days: z.array(z.enum(WEEKDAYS)).min(1, 'list at least one day, e.g. [tue, thu]'),
    start: clockTime,
    end: clockTime,
  })
  .refine((w) => w.start < w.end, { message: 'start must be before end (windows do not cross midnight; split them)' });

export const freezeSchema = z
  .object({ from: isoDate, to: isoDate, reason: z.string().min(1) })
  .refine((f) => f.from <= f.to, { message: 'from must not be after to' });

/** Trivy's severities, lowest to highest. */
export const SEVERITIES = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** An accepted finding: not failing the gate until `until` (inclusive, UTC), then it fails again. */
export const scanAllowSchema = z.object({
  /** Trivy's id of the finding: a CVE/GHSA id, or a secret rule id such as aws-access-key-id. */
  id: z.string().min(1),
  /** Services it applies to; all when omitted. */
  services: z.array(z.string().min(1)).optional(),
  until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD'),
  reason: z.string().min(1, 'say why the finding is accepted'),
});

/** The image scan gate (trivy) run on every built image; per-environment policy is environments.<env>.imageScan. */
export const imageScanSchema = z.object({
  scanners: z
    .array(z.enum(['vuln', 'secret']))
    .min(1)
    .default(['vuln', 'secret']),
  allow: z.array(scanAllowSchema).default([]),
  timeout: durationSchema.default(600_000),
});

export const ROLES = ['owner', 'lead', 'release-manager'] as const;
/** Who may do something: a role, a person's id, "*" for anyone known, or "ci" for Gantry's own automatic trigger. */
const principal = z.string().min(1);

export const environmentSchema = z.object({
  branch: branchName.optional(),
  autoDeploy: z.boolean().default(false),
  timeZone: z
    .string()
    .refine(isTimeZone, { message: 'not an IANA time zone; use e.g. "Asia/Shanghai" or "UTC"' })
    .default('UTC'),
  windows: z.array(windowSchema).default([]),
  freezes: z.array(freezeSchema).default([]),
  releasers: z.array(principal).default(['owner', 'lead', 'release-manager']),
  approvers: z.array(principal).default(['owner', 'lead', 'release-manager']),
  emergencyApprovers: z.array(principal).default(['lead', 'release-manager']),
  healthTimeout: durationSchema.default(120_000),
  /** A release waiting this long for a person (promotion) is escalated to the leads and release managers. */
  escalateAfter: durationSchema.default(4 * 3_600_000),
  /** Whether releases here go gray first (per the service's gray policy); dev/test usually go straight to full. */
  gray: z.boolean().default(true),
  /**
   * Flow control: at most this many releases deploy here at once (GitOps commits, syncs, gray steps), the rest
   * queue in arrival order. Omitted: no limit.
   */
  maxParallel: z.number().int().min(1).optional(),
  /** Tighter limits per cluster of this environment, for services that name a `cluster`. */
  clusters: z.record(identifier, z.object({ maxParallel: z.number().int().min(1) })).default({}),
  /** Registries releases here may pull from; the catalog's `allowedRegistries` (or `registry`) when omitted. */
  allowedRegistries: z.array(registryHost).min(1).optional(),
  /**
   * Releases must name an image by digest; a tag is resolved to its digest at the registry before anything starts.
   * Default: true for `pre` and `prod`, false elsewhere.
   */
  requireDigest: z.boolean().optional(),
  /**
   * Promote what was tested: a release here defaults to the image running healthy in this environment (e.g. pre
   * from test, prod from pre), and an image that never ran healthy there is refused unless the release is an
   * emergency override (then an emergency approver must approve it, even inside the window).
   */
  promoteFrom: environmentName.optional(),
  /** The image scan gate for builds of this environment's branch (used when the catalog has `imageScan`). */
  imageScan: z
    .object({
      /** Severities that stop the pipeline; [] reports findings without failing (e.g. in dev). */
      failOn: z.array(z.enum(SEVERITIES)).default(['CRITICAL']),
    })
    .default({ failOn: ['CRITICAL'] }),
});

export const serviceSchema = z.object({
  repo: z.string().min(1),
  language: identifier,
  owners: z.array(identifier).min(1, 'name at least one owner'),
  team: identifier,
  port: z.number().int().min(1).max(65535).default(8080),
  healthPath: z.string().startsWith('/').default('/healthz'),
  gray: graySchema.default({
    enabled: true,
    bake: 0,
    promotion: 'manual',
    steps: [],
    analysis: { inconclusive: 'pause' },
  }),
  /** The cluster this service runs in (every environment): its `clusters.<name>.maxParallel` applies too. */
  cluster: identifier.optional(),
  minCoverage: z.number().min(0).max(1).optional(),
  branches: z.record(environmentName, branchName).default({}),
  /** image or package for this service; its language's `artifact` (or image) when omitted. */
  artifact: z.enum(ARTIFACT_KINDS).optional(),
});

/**
 * Preview environments per merge request: `preview-<iid>` is derived from this template, not listed under
 * environments. A GitLab Merge Request Hook builds the source branch and deploys it there; merge, close or the TTL
 * tear it down.
 */
export const previewsSchema = z.object({
  /** Services that get a preview per merge request. */
  services: z.array(resourceName).min(1, 'name at least one service'),
  /** The environment whose settings previews use (health timeout, image scan policy). */
  baseEnvironment: environmentName.default('dev'),
  /** A preview nobody updated for this long is torn down. */
  ttl: durationSchema.default(3 * 86_400_000),
  /** Kubernetes: the namespace of a preview (its Argo CD app is `<service>-preview-<iid>`). */
  namespace: z.string().min(1).default('{service}-preview-{iid}'),
  /** Where a preview answers, e.g. https://{service}-{iid}.preview.example.com; embedded: its local port. */
  url: z.string().min(1).optional(),
});

export const personSchema = z.object({
  name: z.string().min(1),
  email: z.string().optional(),
  feishuOpenId: z.string().optional(),
  gitlabUsername: z.string().optional(),
  githubLogin: z.string().optional(),
  /** The `sub` your OIDC provider gives this person, when Gantry matches people by subject. */
  oidcSubject: z.string().optional(),
  roles: z.array(z.enum(['release-manager'])).default([]),
});

export const teamSchema = z.object({ leads: z.array(identifier).min(1, 'name at least one lead') });

export const catalogSchema = z
  .object({
    registry: registryHost.default('registry.gantry.local'),
    /** Registries any release may pull from; just `registry` when omitted. Environments may narrow it. */
    allowedRegistries: z.array(registryHost).min(1).optional(),
    qualityGate: z.object({ minCoverage: z.number().min(0).max(1).default(0) }).default({ minCoverage: 0 }),
    languages: z.record(identifier, languageSchema),
    environments: z.record(environmentName, environmentSchema),
    people: z.record(identifier, personSchema),
    teams: z.record(identifier, teamSchema),
    services: z.record(resourceName, serviceSchema),
    imageScan: imageScanSchema.optional(),
    previews: previewsSchema.optional(),
  })
  .superRefine((catalog, ctx) => {
    for (const issue of crossReferenceProblems(catalog)) ctx.addIssue({ code: 'custom', ...issue });
    for (const issue of duplicateIdentityProblems(catalog.people)) ctx.addIssue({ code: 'custom', ...issue });
  });

export type Catalog = z.output<typeof catalogSchema>;
export type CatalogInput = z.input<typeof catalogSchema>;
export type LanguageSpec = z.output<typeof languageSchema>;
export type EnvironmentSpec = z.output<typeof environmentSchema>;
export type ScanAllowEntry = z.output<typeof scanAllowSchema>;
export type ReleaseWindowSpec = Pick<EnvironmentSpec, 'timeZone' | 'windows' | 'freezes'>;
export type GrayPolicy = z.output<typeof graySchema>;

/** What CI builds for a service: its own `artifact`, else its language's, else an image. */
export function artifactOf(catalog: Pick<Catalog, 'services' | 'languages'>, service: string): ArtifactKind {
  const spec = catalog.services[service];
  return spec?.artifact ?? catalog.languages[spec?.language ?? '']?.artifact ?? 'image';
}
