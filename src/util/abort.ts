/**
 * The error to throw when an operation's abort signal fires (activity cancelled, worker stopping): the abort reason
 * itself when it is an Error, so the caller sees why; otherwise an AbortError with the reason or the fallback.
 */
export function abortError(signal: AbortSignal, fallbackMessage = 'cancelled'): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(typeof reason === 'string' ? reason : fallbackMessage);
  error.name = 'AbortError';
  return error;
}
