"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ArgoCdError = void 0;
exports.createArgoCdClient = createArgoCdClient;
const undici_1 = require("undici");
const BUSY = /another operation is already in progress/i;
const GRPC_FAILED_PRECONDITION = 9;
/** A refusal or failure from Argo CD, with the server's own message. `status` 0 means no answer. */
class ArgoCdError extends Error {
    status;
    serverMessage;
    grpcCode;
    constructor(message, status, serverMessage, 
    /** The gRPC status code from the grpc-gateway JSON body (`{error, code, message}`), when there was one. */
    grpcCode) {
        super(message);
        this.status = status;
        this.serverMessage = serverMessage;
        this.grpcCode = grpcCode;
        this.name = 'ArgoCdError';
    }
    /**
     * An operation already runs on the app: wait for it and retry. Recognised by the message, because gRPC code 9
     * (FailedPrecondition, HTTP 400) is also used for refusals that never clear, such as "Cannot sync to <sha>:
     * auto-sync currently set to <branch>"; retrying those would wait forever.
     */
    get operationInProgress() {
        const family = this.status === 400 || this.status === 409 || this.grpcCode === GRPC_FAILED_PRECONDITION;
        return family && BUSY.test(this.serverMessage);
    }
    /** Worth trying again later: busy, no answer, throttled or a server-side failure. */
    get transient() {
        return this.operationInProgress || this.status === 0 || this.status === 429 || this.status >= 500;
    }
}
exports.ArgoCdError = ArgoCdError;
function createArgoCdClient(options) {
    const base = options.baseUrl.replace(/\/+$/, '');
    const timeoutMs = options.requestTimeoutMs ?? 30_000;
    const dispatcher = new undici_1.Agent({
        connect: { ca: options.ca, rejectUnauthorized: !options.insecureSkipVerify },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
    });
    const app = (name) => `/api/v1/applications/${encodeURIComponent(name)}`;
    async function call(method, path, body, opts) {
        const what = `${method} ${path}`;
        const timeout = AbortSignal.timeout(timeoutMs);
        const signal = opts?.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
        let res;
        let text;
        try {
            res = await (0, undici_1.request)(base + path, {
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
        }
        catch (err) {
            // The caller's cancellation is not an Argo CD failure: let its reason through unchanged.
            if (opts?.signal?.aborted)
                throw opts.signal.reason instanceof Error ? opts.signal.reason : err;
            const why = timeout.aborted ? `no answer within ${timeoutMs} ms` : err.message;
            throw new ArgoCdError(`Argo CD at ${base} did not answer ${what}: ${why}`, 0, why);
        }
        if (res.statusCode >= 400)
            throw errorOf(res.statusCode, text, what);
        try {
            return JSON.parse(text);
        }
        catch {
            const start = text.slice(0, 80).replace(/\s+/g, ' ');
            throw new ArgoCdError(`${what} answered non-JSON (is ${base} the Argo CD API server?): ${start}`, 502, start);
        }
    }
    return {
        /** `refresh` asks Argo CD to compare with Git now instead of at its next poll. */
        getApp: (name, opts = {}) => call('GET', `${app(name)}${opts.refresh ? `?refresh=${opts.refresh}` : ''}`, undefined, opts),
        sync: (name, req, opts) => call('POST', `${app(name)}/sync`, { name, revision: req.revision, prune: req.prune ?? false, dryRun: false }, opts),
        /**
         * Creates an app (`POST /api/v1/applications`). With `upsert` an existing app is updated to this spec; without
         * it Argo CD answers the existing app when the spec is the same, and refuses when it differs.
         */
        createApp: (app, opts = {}) => call('POST', `/api/v1/applications?upsert=${opts.upsert === true}&validate=true`, app, opts),
        /** Deletes an app; `cascade` deletes the resources it manages too (foreground, by Argo CD's finalizer). */
        deleteApp: (name, opts = {}) => call('DELETE', `${app(name)}?cascade=${opts.cascade !== false}`, undefined, opts),
        /** Stops the running sync (hooks included). Argo CD refuses when no operation is in progress. */
        terminateOperation: (name, opts) => call('DELETE', `${app(name)}/operation`, undefined, opts),
        resourceTree: (name, opts) => call('GET', `${app(name)}/resource-tree`, undefined, opts),
        /**
         * Without `resource`: the events of the Application object itself. Events of a managed object (a pod, a
         * Deployment) need its namespace, name and uid from the resource tree; Argo CD checks they belong to the app.
         */
        events: (name, resource, opts) => {
            const query = resource
                ? `?${new URLSearchParams({ resourceNamespace: resource.namespace ?? '', resourceName: resource.name, resourceUID: resource.uid ?? '' })}`
                : '';
            return call('GET', `${app(name)}/events${query}`, undefined, opts);
        },
        close: () => dispatcher.close(),
    };
}
/** grpc-gateway errors are `{error, code, message}`; anything else is shown as text. */
function errorOf(status, text, what) {
    let serverMessage = text.trim().slice(0, 500);
    let code;
    try {
        const body = JSON.parse(text);
        const message = typeof body.message === 'string' && body.message ? body.message : body.error;
        if (typeof message === 'string' && message)
            serverMessage = message;
        if (typeof body.code === 'number')
            code = body.code;
    }
    catch {
        // Not JSON (a proxy's error page): keep the text.
    }
    const hint = status === 401
        ? ' (the API token was rejected: check it is valid and not expired)'
        : status === 403
            ? ' (Argo CD answers 403 both for an unknown app and for a token without permission)'
            : '';
    return new ArgoCdError(`Argo CD ${what} failed with HTTP ${status}: ${serverMessage}${hint}`, status, serverMessage, code);
}
//# sourceMappingURL=argocd-client.js.map