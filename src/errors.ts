import { ApplicationFailure } from '@temporalio/common';

/**
 * Every failure that must not be retried carries one of these types. Retry policies name them, the CLI and
 * notifications show them, and tests assert on them. Safe to import from workflow code.
 */
export const ErrorType = {
  ConfigInvalid: 'ConfigInvalid',
  UnknownService: 'UnknownService',
  UnknownEnvironment: 'UnknownEnvironment',
  PermissionDenied: 'PermissionDenied',
  CheckoutFailed: 'CheckoutFailed',
  CompileFailed: 'CompileFailed',
  TestsFailed: 'TestsFailed',
  QualityGateFailed: 'QualityGateFailed',
  ImageBuildFailed: 'ImageBuildFailed',
  /** Packing or pushing a package artifact (artifact: package) failed. */
  PackageBuildFailed: 'PackageBuildFailed',
  /** The image scan gate found what the environment's policy refuses (or could not scan at all). */
  ImageScanFailed: 'ImageScanFailed',
  CommandTimedOut: 'CommandTimedOut',
  /** An image reference that is malformed, from a registry not allowed, or not resolvable to a digest. */
  ImageRejected: 'ImageRejected',
  /** A release to an environment with promoteFrom of an image that never ran healthy in the source environment. */
  PromotionRefused: 'PromotionRefused',
  GitOpsCommitFailed: 'GitOpsCommitFailed',
  DeployFailed: 'DeployFailed',
  HealthTimeout: 'HealthTimeout',
  /** A gray step's metric check failed (or could not be evaluated under the `fail` policy): the query, its value
   * and the threshold are in the message. */
  AnalysisFailed: 'AnalysisFailed',
  ReleaseAborted: 'ReleaseAborted',
  ReleaseRolledBack: 'ReleaseRolledBack',
  RollbackFailed: 'RollbackFailed',
} as const;
export type ErrorType = (typeof ErrorType)[keyof typeof ErrorType];

/** Captured output that explains a failure: a short tail inline, the full log by reference. */
export interface FailureOutput {
  tail?: string;
  logId?: string;
}

/** What a PermissionDenied failure carries: the rule that refused, so the API answers 403 with it. */
export interface RefusalDetails {
  rule: string;
}

/** A failure already typed where it happened (an activity's, a child's), with what explains it. */
export interface TypedFailure extends FailureOutput {
  type: string;
  message: string;
}

/**
 * The one way to fail without retries: a type from ErrorType, or a failure typed elsewhere passed on as is. The
 * output (or the whole passed-on failure) travels as the failure's details, where toErrorReport finds it (a
 * refusal's rule, where the client finds it).
 */
export function nonRetryable(
  type: ErrorType,
  message: string,
  output?: FailureOutput | RefusalDetails,
): ApplicationFailure;
export function nonRetryable(passedOn: TypedFailure): ApplicationFailure;
export function nonRetryable(
  typeOrFailure: ErrorType | TypedFailure,
  message?: string,
  output?: FailureOutput | RefusalDetails,
): ApplicationFailure {
  if (typeof typeOrFailure !== 'string') {
    const { type, message: passedMessage } = typeOrFailure;
    return ApplicationFailure.create({ type, message: passedMessage, nonRetryable: true, details: [typeOrFailure] });
  }
  return ApplicationFailure.create({
    type: typeOrFailure,
    message,
    nonRetryable: true,
    details: output ? [output] : undefined,
  });
}

export const NON_RETRYABLE_TYPES: string[] = Object.values(ErrorType);
