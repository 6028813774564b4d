import { AuthError } from './identity';

export type RequestHeaders = Record<string, string | string[] | undefined>;

/** The token of `Authorization: Bearer <token>`, undefined without the header; a malformed one is refused. */
export function bearerToken(headers: RequestHeaders): string | undefined {
  const raw = headers.authorization;
  if (raw === undefined) return undefined;
  // Two Authorization headers could be read differently by a proxy and by us: refuse instead of choosing.
  if (Array.isArray(raw)) throw new AuthError('more than one Authorization header');
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(raw);
  if (!match?.[1]) throw new AuthError('the Authorization header must be "Bearer <token>"');
  return match[1];
}
