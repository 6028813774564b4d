import { z } from 'zod';
import { crossReferenceProblems } from './catalog-references';
import { durationSchema } from './duration';

/** One name drives the workflow ids, the K8s Deployment/Service/container, the Argo CD app and alert labels. */
export const resourceName = z
  .string()
  .regex(
    /^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/,
    'use lowercase letters, digits and "-", start with a letter, 40 chars at most',
  );

const identifier = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, ".", "_" or "-"');

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

export const ROLES = ['owner', 'lead', 'release-manager'] as const;
export type Role = (typeof ROLES)[number];
/** Who may do something: a role, a person's id, "*" for anyone known, or "ci" for Gantry's own automatic trigger. */
const principal = z.string().min(1);

export const environmentSchema = z.object({
  branch: z.string().min(1).optional(),
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
});

export const coverageFormats = ['lcov', 'cobertura', 'jacoco', 'go'] as const;

export const languageSchema = z.object({
  buildImage: z.string().min(1),
  runtimeImage: z.string().min(1),
  compile: z.string().min(1),
  test: z.string().min(1),
  /** Glob (relative to the checkout) of the JUnit XML files the test command writes. */
  testReport: z.string().min(1),
  coverageReport: z.object({ path: z.string().min(1), format: z.enum(coverageFormats) }).optional(),
  /** What the build produces (relative to the checkout): copied into the image as project/. */
  artifactPath: z.string().min(1),
  /** Start script used when the service has no deploy/start.sh; {env} is replaced by the environment. */
  start: z.string().min(1),
  timeout: durationSchema.default(900_000),
  /**
   * Pod settings for this language's steps under the Kubernetes executor (Kubernetes field names): resources,
   * nodeSelector, tolerations, serviceAccountName, volumes/volumeMounts for caches, imagePullSecrets.
   */
  pod: z
    .object({
      resources: z.record(z.string(), z.unknown()).optional(),
      nodeSelector: z.record(z.string(), z.string()).optional(),
      tolerations: z.array(z.record(z.string(), z.unknown())).optional(),
      serviceAccountName: z.string().optional(),
      volumes: z.array(z.record(z.string(), z.unknown())).optional(),
      volumeMounts: z.array(z.record(z.string(), z.unknown())).optional(),
      imagePullSecrets: z.array(z.string()).optional(),
    })
    .strict()
    .optional(),
});

export const graySchema = z.object({
  enabled: z.boolean().default(true),
  bake: durationSchema.default(0),
  promotion: z.enum(['manual', 'auto']).default('manual'),
});

export const serviceSchema = z.object({
  repo: z.string().min(1),
  language: identifier,
  owners: z.array(identifier).min(1, 'name at least one owner'),
  team: identifier,
  port: z.number().int().min(1).max(65535).default(8080),
  healthPath: z.string().startsWith('/').default('/healthz'),
  gray: graySchema.default({ enabled: true, bake: 0, promotion: 'manual' }),
  minCoverage: z.number().min(0).max(1).optional(),
  branches: z.record(identifier, z.string().min(1)).default({}),
});

export const personSchema = z.object({
  name: z.string().min(1),
  email: z.string().optional(),
  feishuOpenId: z.string().optional(),
  gitlabUsername: z.string().optional(),
  githubLogin: z.string().optional(),
  roles: z.array(z.enum(['release-manager'])).default([]),
});

export const teamSchema = z.object({ leads: z.array(identifier).min(1, 'name at least one lead') });

export const catalogSchema = z
  .object({
    registry: z.string().min(1).default('registry.gantry.local'),
    qualityGate: z.object({ minCoverage: z.number().min(0).max(1).default(0) }).default({ minCoverage: 0 }),
    languages: z.record(identifier, languageSchema),
    environments: z.record(identifier, environmentSchema),
    people: z.record(identifier, personSchema),
    teams: z.record(identifier, teamSchema),
    services: z.record(resourceName, serviceSchema),
  })
  .superRefine((catalog, ctx) => {
    for (const issue of crossReferenceProblems(catalog)) ctx.addIssue({ code: 'custom', ...issue });
  });

export type Catalog = z.output<typeof catalogSchema>;
export type CatalogInput = z.input<typeof catalogSchema>;
export type LanguageSpec = z.output<typeof languageSchema>;
export type EnvironmentSpec = z.output<typeof environmentSchema>;
export type ServiceSpec = z.output<typeof serviceSchema>;
export type ReleaseWindowSpec = Pick<EnvironmentSpec, 'timeZone' | 'windows' | 'freezes'>;
export type GrayPolicy = z.output<typeof graySchema>;
