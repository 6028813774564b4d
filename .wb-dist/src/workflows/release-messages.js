"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.abortUpdate = exports.rollbackUpdate = exports.promoteUpdate = exports.approveEmergencyUpdate = exports.progressQuery = exports.releaseRequestSignal = void 0;
const workflow_1 = require("@temporalio/workflow");
/** A newer image for the same service and environment: replaces a waiting release, queues behind a running one. */
exports.releaseRequestSignal = (0, workflow_1.defineSignal)('releaseRequest');
exports.progressQuery = (0, workflow_1.defineQuery)('progress');
exports.approveEmergencyUpdate = (0, workflow_1.defineUpdate)('approveEmergency');
exports.promoteUpdate = (0, workflow_1.defineUpdate)('promote');
exports.rollbackUpdate = (0, workflow_1.defineUpdate)('rollback');
exports.abortUpdate = (0, workflow_1.defineUpdate)('abort');
//# sourceMappingURL=release-messages.js.map