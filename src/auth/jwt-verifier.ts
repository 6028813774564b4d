import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { JwtAlgorithm } from '../config/auth-settings';
import { AuthError } from './identity';
import { discoverProvider, type Fetch } from './oidc-discovery';

export interface JwtVerifierOptions {
  issuer: string;
  audience: string;
  algorithms: readonly JwtAlgorithm[];
  clockSkewMs: number;
  fetch?: Fetch;
  /** The verifier's clock (tests move it); defaults to the system clock. */
  now?: () => Date;
  /** Least time between two JWKS refetches caused by unknown `kid`s (jose's cooldown), so junk cannot flood the IdP. */
  jwksCooldownMs?: number;
}

const when = (seconds: unknown): string =>
  typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : String(seconds);

/**
 * Verifies OIDC JWTs: keys from the issuer's JWKS (found by discovery, cached by jose and refetched when a token
 * names an unknown `kid`), an allow-list of asymmetric algorithms, issuer, audience, exp/nbf/iat with a small
 * skew. Every refusal is an AuthError whose reason says which check failed.
 */
export function createJwtVerifier(options: JwtVerifierOptions) {
  const { issuer, audience, algorithms, clockSkewMs } = options;
  const now = options.now ?? (() => new Date());
  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;

  const keySet = () => {
    keys ??= discoverProvider(issuer, options.fetch).then((meta) =>
      createRemoteJWKSet(new URL(meta.jwks_uri), {
        cooldownDuration: options.jwksCooldownMs ?? 30_000,
        cacheMaxAge: 10 * 60_000,
      }),
    );
    // A failed discovery is retried on the next request instead of being cached forever.
    keys.catch(() => (keys = undefined));
    return keys;
  };

  /** Cheap checks on the unverified token, for a precise reason before any key is fetched. */
  function precheck(token: string): void {
    let header: ReturnType<typeof decodeProtectedHeader>;
    let payload: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      payload = decodeJwt(token);
    } catch {
      throw new AuthError('the bearer token is not a well-formed JWT');
    }
    if (!header.alg || header.alg.toLowerCase() === 'none') throw new AuthError('unsigned token (alg "none") refused');
    if (!(algorithms as readonly string[]).includes(header.alg)) {
      throw new AuthError(`token algorithm ${header.alg} is not allowed (allowed: ${algorithms.join(', ')})`);
    }
    if (payload.iss !== issuer) throw new AuthError(`token issuer "${String(payload.iss)}" is not "${issuer}"`);
  }

  async function verify(token: string): Promise<JWTPayload> {
    precheck(token);
    const jwks = await keySet().catch((err: Error) => {
      throw new AuthError(`cannot verify tokens right now: ${err.message}`);
    });
    const skew = Math.round(clockSkewMs / 1000);
    const currentDate = now();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer,
        audience,
        algorithms: [...algorithms],
        clockTolerance: skew,
        currentDate,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (err) {
      throw explain(err, token);
    }
    // jose checks iat only against a max age; a token issued in the future is not valid yet either.
    if (typeof payload.iat === 'number' && payload.iat > currentDate.getTime() / 1000 + skew) {
      throw new AuthError(`token not yet valid: issued at ${when(payload.iat)}, in the future`);
    }
    return payload;
  }

  function explain(err: unknown, token: string): AuthError {
    const claims = () => decodeJwt(token);
    if (err instanceof errors.JWTExpired) return new AuthError(`token expired at ${when(claims().exp)}`);
    if (err instanceof errors.JWTClaimValidationFailed) {
      if (err.claim === 'nbf') return new AuthError(`token not yet valid: not before ${when(claims().nbf)}`);
      if (err.claim === 'aud') {
        return new AuthError(`token audience ${JSON.stringify(claims().aud)} does not include "${audience}"`);
      }
      if (err.claim === 'iss') return new AuthError(`token issuer "${String(claims().iss)}" is not "${issuer}"`);
      return new AuthError(`token claim "${err.claim}" is invalid: ${err.reason}`);
    }
    if (err instanceof errors.JWKSNoMatchingKey) {
      const kid = decodeProtectedHeader(token).kid;
      return new AuthError(`no signing key "${kid ?? '(no kid)'}" in the issuer's JWKS, even after refreshing it`);
    }
    if (err instanceof errors.JWKSMultipleMatchingKeys)
      return new AuthError('token names no kid and the JWKS has several keys');
    if (err instanceof errors.JWSSignatureVerificationFailed) {
      return new AuthError('token signature is invalid (tampered, or signed by another key)');
    }
    if (err instanceof errors.JOSEAlgNotAllowed) return new AuthError(`token algorithm is not allowed: ${err.message}`);
    if (err instanceof errors.JWKSTimeout)
      return new AuthError("cannot verify tokens right now: the issuer's JWKS timed out");
    if (err instanceof errors.JOSEError) return new AuthError(`token refused: ${err.message}`);
    return new AuthError(`token refused: ${(err as Error).message}`);
  }

  return { verify };
}

export type JwtVerifier = ReturnType<typeof createJwtVerifier>;
