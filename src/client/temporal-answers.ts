import { InterceptingCall, Metadata, status, type Interceptor } from '@grpc/grpc-js';

/**
 * Statuses that do not prove the server spoke: the network or the client ended the call (no connection, no answer
 * in time, cancelled) or the transport broke. Anything else — OK, NOT_FOUND, ALREADY_EXISTS, a rejected update — is
 * an answer from a live Temporal.
 */
const NOT_AN_ANSWER = new Set<number>([
  status.CANCELLED,
  status.UNKNOWN,
  status.DEADLINE_EXCEEDED,
  status.INTERNAL,
  status.UNAVAILABLE,
]);

/** When Temporal last answered a gRPC call on a connection, and when a call last failed to reach it. */
export interface TemporalAnswers {
  /** Goes into the connection's interceptors, after the SDK's retry interceptor, so it sees every attempt. */
  interceptor: Interceptor;
  /** Epoch ms of the last answer; -Infinity before the first. */
  lastAt(): number;
  /** Epoch ms of the last attempt that could not reach it (refused, reset); -Infinity before the first. */
  lastFailureAt(): number;
}

export function createTemporalAnswers(now: () => number = Date.now): TemporalAnswers {
  let lastAt = -Infinity;
  let lastFailureAt = -Infinity;
  const interceptor: Interceptor = (options, nextCall) => {
    let next: ReturnType<typeof nextCall>;
    try {
      next = nextCall(options);
    } catch (err) {
      // The SDK's retry timer of an abandoned call fired after the connection was closed (a shutdown): end that
      // attempt as cancelled instead of throwing out of a timer, which would crash the process.
      return cancelledCall((err as Error).message);
    }
    return new InterceptingCall(next, {
      start(metadata, listener, startNext) {
        startNext(metadata, {
          onReceiveStatus(received, nextStatus) {
            if (!NOT_AN_ANSWER.has(received.code)) lastAt = now();
            // Refused or reset only: a deadline passing is slowness (a loaded machine), which the guard weighs
            // against other answers instead of calling it an outage.
            else if (received.code === status.UNAVAILABLE) lastFailureAt = now();
            nextStatus(received);
          },
        });
      },
    });
  };
  return { interceptor, lastAt: () => lastAt, lastFailureAt: () => lastFailureAt };
}

/** An attempt that never reaches the channel: it ends CANCELLED as soon as it starts. */
function cancelledCall(details: string): InterceptingCall {
  const nowhere = {
    cancelWithStatus: () => undefined,
    getPeer: () => '',
    start: () => undefined,
    sendMessageWithContext: () => undefined,
    sendMessage: () => undefined,
    startRead: () => undefined,
    halfClose: () => undefined,
    getAuthContext: () => null,
  } as unknown as ConstructorParameters<typeof InterceptingCall>[0];
  return new InterceptingCall(nowhere, {
    start: (_metadata, listener) =>
      setImmediate(() => listener.onReceiveStatus({ code: status.CANCELLED, details, metadata: new Metadata() })),
    sendMessage: () => undefined,
    halfClose: () => undefined,
    cancel: () => undefined,
  });
}
