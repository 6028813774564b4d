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
  CommandTimedOut: 'CommandTimedOut',
  GitOpsCommitFailed: 'GitOpsCommitFailed',
  DeployFailed: 'DeployFailed',
  HealthTimeout: 'HealthTimeout',
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

export function nonRetryable(type: ErrorType, message: string, output?: FailureOutput): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, details: output ? [output] : undefined });
}

export const NON_RETRYABLE_TYPES: string[] = Object.values(ErrorType);
