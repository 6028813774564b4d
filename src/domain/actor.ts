/** How a decision reached Gantry: the credential or channel that vouched for the person. */
export type ActorVia = 'cli' | 'api-token' | 'oidc' | 'feishu' | 'ci' | 'loopback';

/**
 * Who made a decision, as authenticated (issue 8, audit): carried in the signal or update payload, so the
 * release's history records it. `person` is the catalog person (absent for service accounts and CI).
 */
export interface Actor {
  /** The credential's stable holder: `oidc:<sub>`, `token:<id>`, `feishu:<open_id>`, `push:<pusher>`, … */
  subject: string;
  person?: string;
  via: ActorVia;
}

/** One line of `gantry audit`: a request or decision as the release's history recorded it. */
export interface AuditEntry {
  /** When Temporal recorded it (the event time). */
  at: string;
  action: 'request' | 'approve' | 'promote' | 'rollback' | 'abort';
  /** The acting person (or `ci`) the workflow decided with. */
  by: string;
  /** Absent in histories recorded before issue 8. */
  actor?: Actor;
  reason?: string;
  image?: string;
  /** A request's idempotency key. */
  requestId?: string;
  runId: string;
}
