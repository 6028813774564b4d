"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.leaseStateQuery = exports.leaseQueuedSignal = exports.leaseGrantedSignal = exports.leaseReleaseSignal = exports.leaseRequestSignal = exports.leaseWorkflowId = void 0;
const workflow_1 = require("@temporalio/workflow");
/**
 * Flow control: one lessor workflow per environment (or environment/cluster) hands out deploy leases, at most
 * maxParallel at a time, in arrival order. Holders are release workflows; they talk to it by signals both ways
 * (a workflow cannot send updates), and an activity starts it with signal-with-start.
 */
const leaseWorkflowId = (key) => `deploy-leases/${key}`;
exports.leaseWorkflowId = leaseWorkflowId;
/** Holder → lessor. */
exports.leaseRequestSignal = (0, workflow_1.defineSignal)('deployLeaseRequest');
/** Holder → lessor: gives back a held lease, or leaves the queue. */
exports.leaseReleaseSignal = (0, workflow_1.defineSignal)('deployLeaseRelease');
/** Lessor → holder. */
exports.leaseGrantedSignal = (0, workflow_1.defineSignal)('deployLeaseGranted');
/** Lessor → holder, once when queued: "queued, N ahead". The lessor's query has the live position. */
exports.leaseQueuedSignal = (0, workflow_1.defineSignal)('deployLeaseQueued');
exports.leaseStateQuery = (0, workflow_1.defineQuery)('deployLeaseState');
//# sourceMappingURL=deploy-lease-messages.js.map