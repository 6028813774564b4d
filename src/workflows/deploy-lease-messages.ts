import { defineQuery, defineSignal } from '@temporalio/workflow';

/**
 * Flow control: one lessor workflow per environment (or environment/cluster) hands out deploy leases, at most
 * maxParallel at a time, in arrival order. Holders are release workflows; they talk to it by signals both ways
 * (a workflow cannot send updates), and an activity starts it with signal-with-start.
 */
export const leaseWorkflowId = (key: string): string => `deploy-leases/${key}`;

/** A workflow run holding or waiting for a lease: the run id tells a new run of the same id from the holder. */
export interface LeaseHolder {
  workflowId: string;
  runId: string;
}

export interface LeaseRequest {
  /** Unique per acquisition (a workflow uuid4): a retried request joins instead of queueing twice. */
  requestId: string;
  holder: LeaseHolder;
  /** The catalog's limit at the time of the request; the latest request's value applies. */
  maxParallel: number;
}

export interface LeaseGrant {
  requestId: string;
  /** 1, 2, 3… in the order leases were granted by this lessor: arrival order, for tests and the UI. */
  grantNo: number;
}

export interface LeaseQueued {
  requestId: string;
  /** Requests ahead of this one in the queue when it was queued. */
  ahead: number;
}

export interface LeaseSnapshot {
  key: string;
  maxParallel: number;
  holding: { requestId: string; holder: LeaseHolder; grantNo: number; grantedAt: string }[];
  /** In arrival order; a request's index is how many are ahead of it. */
  queue: { requestId: string; holder: LeaseHolder; queuedAt: string }[];
  granted: number;
}

export interface DeployLeaseInput {
  key: string;
  maxParallel: number;
  /** How often the holders' runs are checked for having ended without releasing (default 1 minute). */
  livenessCheckMs?: number;
  /** An idle lessor ends after this long (default 1 hour); the next request starts a new run. */
  idleMs?: number;
  /** Continue-as-new beyond this many history events (the server's suggestion also counts). */
  historyLimit?: number;
  /** Carried over continue-as-new. */
  carried?: LeaseCarry;
}

export interface LeaseCarry {
  holding: LeaseSnapshot['holding'];
  queue: LeaseSnapshot['queue'];
  granted: number;
  /** Recently released request ids: a late duplicate request must not queue again. */
  released: string[];
}

/** Holder → lessor. */
export const leaseRequestSignal = defineSignal<[LeaseRequest]>('deployLeaseRequest');
/** Holder → lessor: gives back a held lease, or leaves the queue. */
export const leaseReleaseSignal = defineSignal<[{ requestId: string }]>('deployLeaseRelease');
/** Lessor → holder. */
export const leaseGrantedSignal = defineSignal<[LeaseGrant]>('deployLeaseGranted');
/** Lessor → holder, once when queued: "queued, N ahead". The lessor's query has the live position. */
export const leaseQueuedSignal = defineSignal<[LeaseQueued]>('deployLeaseQueued');
export const leaseStateQuery = defineQuery<LeaseSnapshot>('deployLeaseState');
