import { Agent, request } from 'undici';

/** The Application fields Gantry reads (see contracts.md, "Argo CD REST API"); everything else is ignored. */
export type SyncStatusCode = 'Synced' | 'OutOfSync' | 'Unknown';
export type HealthStatusCode = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';
export type OperationPhase = 'Running' | 'Terminating' | 'Failed' | 'Error' | 'Succeeded';

export interface ResourceKey {
  group?: string;
  version?: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface HealthStatus {
  status?: HealthStatusCode;
  message?: string;
}

/** One entry of `operationState.syncResult.resources`. */
export interface ResourceResult extends ResourceKey {
  /** Synced | SyncFailed | Pruned | PruneSkipped */
  status?: string;
  message?: string;
  /** Set for hooks: Running | Succeeded | Failed | Error | Terminating */
  hookPhase?: string;
  hookType?: string;
  syncPhase?: string;
}

export interface SyncOperation {
  revision?: string;
  prune?: boolean;
}

export interface OperationState {
  operation?: { sync?: SyncOperation };
  phase: OperationPhase;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  syncResult?: { revision?: string; resources?: ResourceResult[] };
}

export interface ApplicationSource {
  repoURL?: string;
  path?: string;
  targetRevision?: string;
  helm?: { valueFiles?: string[] };
}

export interface Application {
  metadata: { name: string; namespace?: string; uid?: string; labels?: Record<string, string> };
  spec?: {
    project?: string;
    source?: ApplicationSource;
    sources?: ApplicationSource[];
    destination?: { server?: string; name?: string; namespace?: string };
    syncPolicy?: { automated?: { prune?: boolean; selfHeal?: boolean }; syncOptions?: string[] };
  };
  /** Present while an operation is requested or running (top level, not in status). */
  operation?: { sync?: SyncOperation };
  status?: {
    sync?: { status?: SyncStatusCode; revision?: string };
    health?: HealthStatus;
    operationState?: OperationState;
    reconciledAt?: string;
    resources?: (ResourceKey & { status?: SyncStatusCode; health?: HealthStatus })[];
    summary?: { images?: string[] };
    history?: { id: number; revision?: string; deployedAt?: string }[];
  };
}

export interface ResourceNode extends ResourceKey {
  uid?: string;
  health?: HealthStatus;
  /** Kubernetes details Argo CD extracts, e.g. `{name: 'Status Reason', value: 'CrashLoopBackOff'}` for pods. */
  info?: { name: string; value: string }[];
  parentRefs?: (ResourceKey & { uid?: string })[];
  images?: string[];
}

export interface ResourceTree {
  nodes?: ResourceNode[];
}

/** A core/v1 Event, the fields that explain a failure. */
export interface KubeEvent {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string };
}

export interface EventList {
  items?: KubeEvent[] | null;
}

export interface ArgoCdClientOptions {
  /** e.g. `https://argocd.example.com` (a root path such as `/argocd` is kept). */
  baseUrl: string;
  /** An account API key or project role token (contracts.md prefers these over session tokens). */
  token: string;
  /** PEM of a private CA that signed the server certificate. */
  ca?: string;
  /** Accept any server certificate: for test clusters only. */
  insecureSkipVerify?: boolean;
  /** Per request, covering connect, headers and body. */
  requestTimeoutMs?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

const BUSY = /another operation is already in progress/i;
const GRPC_FAILED_PRECONDITION = 9;

/** A refusal or failure from Argo CD, with the server's own message. `status` 0 means no answer. */
export class ArgoCdError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly serverMessage: string,
    /** The gRPC status code from the grpc-gateway JSON body (`{error, code, message}`), when there was one. */
    readonly grpcCode?: number,
  ) {
    super(message);
    this.name = 'ArgoCdError';
  }

  /**
   * An operation already runs on the app: wait for it and retry. Recognised by the message, because gRPC code 9
   * (FailedPrecondition, HTTP 400) is also used for refusals that never clear, such as "Cannot sync to <sha>:
   * auto-sync currently set to <branch>"; retrying those would wait forever.
   */
  get operationInProgress(): boolean {
    const family = this.status === 400 || this.status === 409 || this.grpcCode === GRPC_FAILED_PRECONDITION;
    return family && BUSY.test(this.serverMessage);
  }

  /** Worth trying again later: busy, no answer, throttled or a server-side failure. */
  get transient(): boolean {
    return this.operationInProgress || this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export function createArgoCdClient(options: ArgoCdClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const dispatcher = new Agent({
    connect: { ca: options.ca, rejectUnauthorized: !options.insecureSkipVerify },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const app = (name: string): string => `/api/v1/applications/${encodeURIComponent(name)}`;

  async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, opts?: CallOptions) {
    const what = `${method} ${path}`;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = opts?.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    let res;
    let text: string;
    try {
      res = await request(base + path, {
        method,
        dispatcher,
        signal,
        headers: {
          authorization: `Bearer ${options.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      text = await res.body.text();
    } catch (err) {
      // The caller's cancellation is not an Argo CD failure: let its reason through unchanged.
      if (opts?.signal?.aborted) throw opts.signal.reason instanceof Error ? opts.signal.reason : err;
      const why = timeout.aborted ? `no answer within ${timeoutMs} ms` : (err as Error).message;
      throw new ArgoCdError(`Argo CD at ${base} did not answer ${what}: ${why}`, 0, why);
    }
    if (res.statusCode >= 400) throw errorOf(res.statusCode, text, what);
    try {
      return JSON.parse(text) as T;
    } catch {
      const start = text.slice(0, 80).replace(/\s+/g, ' ');
      throw new ArgoCdError(`${what} answered non-JSON (is ${base} the Argo CD API server?): ${start}`, 502, start);
    }
  }

  return {
    /** `refresh` asks Argo CD to compare with Git now instead of at its next poll. */
    getApp: (name: string, opts: { refresh?: 'normal' | 'hard' } & CallOptions = {}): Promise<Application> =>
      call('GET', `${app(name)}${opts.refresh ? `?refresh=${opts.refresh}` : ''}`, undefined, opts),

    sync: (name: string, req: { revision: string; prune?: boolean }, opts?: CallOptions): Promise<Application> =>
      call(
        'POST',
        `${app(name)}/sync`,
        { name, revision: req.revision, prune: req.prune ?? false, dryRun: false },
        opts,
      ),

    /**
     * Creates an app (`POST /api/v1/applications`). With `upsert` an existing app is updated to this spec; without
     * it Argo CD answers the existing app when the spec is the same, and refuses when it differs.
     */
    createApp: (app: Application, opts: { upsert?: boolean } & CallOptions = {}): Promise<Application> =>
      call('POST', `/api/v1/applications?upsert=${opts.upsert === true}&validate=true`, app, opts),

    /** Deletes an app; `cascade` deletes the resources it manages too (foreground, by Argo CD's finalizer). */
    deleteApp: (name: string, opts: { cascade?: boolean } & CallOptions = {}): Promise<unknown> =>
      call('DELETE', `${app(name)}?cascade=${opts.cascade !== false}`, undefined, opts),

    /** Stops the running sync (hooks included). Argo CD refuses when no operation is in progress. */
    terminateOperation: (name: string, opts?: CallOptions): Promise<unknown> =>
      call('DELETE', `${app(name)}/operation`, undefined, opts),

    resourceTree: (name: string, opts?: CallOptions): Promise<ResourceTree> =>
      call('GET', `${app(name)}/resource-tree`, undefined, opts),

    /**
     * Without `resource`: the events of the Application object itself. Events of a managed object (a pod, a
     * Deployment) need its namespace, name and uid from the resource tree; Argo CD checks they belong to the app.
     */
    events: (
      name: string,
      resource?: { namespace?: string; name: string; uid?: string },
      opts?: CallOptions,
    ): Promise<EventList> => {
      const query = resource
        ? `?${new URLSearchParams({ resourceNamespace: resource.namespace ?? '', resourceName: resource.name, resourceUID: resource.uid ?? '' })}`
        : '';
      return call('GET', `${app(name)}/events${query}`, undefined, opts);
    },

    close: (): Promise<void> => dispatcher.close(),
  };
}

export type ArgoCdClient = ReturnType<typeof createArgoCdClient>;

/** grpc-gateway errors are `{error, code, message}`; anything else is shown as text. */
function errorOf(status: number, text: string, what: string): ArgoCdError {
  let serverMessage = text.trim().slice(0, 500);
  let code: number | undefined;
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown; code?: unknown };
    const message = typeof body.message === 'string' && body.message ? body.message : body.error;
    if (typeof message === 'string' && message) serverMessage = message;
    if (typeof body.code === 'number') code = body.code;
  } catch {
    // Not JSON (a proxy's error page): keep the text.
  }
  const hint =
    status === 401
      ? ' (the API token was rejected: check it is valid and not expired)'
      : status === 403
        ? ' (Argo CD answers 403 both for an unknown app and for a token without permission)'
        : '';
  return new ArgoCdError(
    `Argo CD ${what} failed with HTTP ${status}: ${serverMessage}${hint}`,
    status,
    serverMessage,
    code,
  );
}
