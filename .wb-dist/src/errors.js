"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.NON_RETRYABLE_TYPES = exports.ErrorType = void 0;
exports.nonRetryable = nonRetryable;
const common_1 = require("@temporalio/common");
/**
 * Every failure that must not be retried carries one of these types. Retry policies name them, the CLI and
 * notifications show them, and tests assert on them. Safe to import from workflow code.
 */
exports.ErrorType = {
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
};
function nonRetryable(typeOrFailure, message, output) {
    if (typeof typeOrFailure !== 'string') {
        const { type, message: passedMessage } = typeOrFailure;
        return common_1.ApplicationFailure.create({ type, message: passedMessage, nonRetryable: true, details: [typeOrFailure] });
    }
    return common_1.ApplicationFailure.create({
        type: typeOrFailure,
        message,
        nonRetryable: true,
        details: output ? [output] : undefined,
    });
}
exports.NON_RETRYABLE_TYPES = Object.values(exports.ErrorType);
//# sourceMappingURL=errors.js.map