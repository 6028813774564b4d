import { z } from 'zod';
import { durationSchema } from './duration';
import { ARTIFACT_KINDS } from '../domain/artifact-kind';

// A catalog's languages.<name>: how CI builds, tests and packages a service of that language (version).

export const coverageFormats = ['lcov', 'cobertura', 'jacoco', 'go', 'clover'] as const;

/**
 * How the embedded mode's local executor finds this language version on the worker's machine (the Kubernetes
 * executor uses buildImage instead): directories put first on PATH, and variables such as JAVA_HOME. The local
 * deploy target starts the service with the same toolchain, so a service built for Java 25 also runs on 25.
 */
export const toolchainSchema = z
  .object({
    path: z.array(z.string().min(1)).default([]),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name'), z.string()).default({}),
  })
  .strict();

export const languageSchema = z.object({
  /**
   * The language's version when a catalog runs several side by side (e.g. java17 and java25 as two language
   * entries, each with its own buildImage and toolchain); shown in the pipeline's progress.
   */
  version: z.string().min(1).optional(),
  /** Build image of this language version: the Kubernetes executor's step pods run in it. */
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
   * What CI produces for this language: a container image (default), or a package (the build output with its
   * start.sh as a tar.gz, stored content-addressed as an OCI artifact) that a release fetches and runs.
   */
  artifact: z.enum(ARTIFACT_KINDS).optional(),
  toolchain: toolchainSchema.optional(),
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
