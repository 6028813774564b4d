/** The parts of an OpenID provider's metadata Gantry uses (OpenID Connect Discovery 1.0, RFC 8414, RFC 8628). */
export interface ProviderMetadata {
  issuer: string;
  jwks_uri: string;
  token_endpoint: string;
  authorization_endpoint?: string;
  device_authorization_endpoint?: string;
}

export type Fetch = typeof fetch;

/**
 * Reads `<issuer>/.well-known/openid-configuration`. The document must name the same issuer it was fetched for
 * (Discovery §4.3), otherwise a compromised or mistyped URL could hand us someone else's keys.
 */
export async function discoverProvider(issuer: string, fetchFn: Fetch = fetch): Promise<ProviderMetadata> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let res: Response;
  try {
    res = await fetchFn(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new Error(`cannot read the OIDC discovery document at ${url}: ${(err as Error).message}`);
  }
  if (!res.ok) throw new Error(`the OIDC discovery document at ${url} answered ${res.status}`);
  const doc = (await res.json()) as Partial<ProviderMetadata>;
  if (doc.issuer !== issuer) {
    throw new Error(`the discovery document at ${url} names issuer "${doc.issuer}", not "${issuer}"`);
  }
  if (!doc.jwks_uri || !doc.token_endpoint) throw new Error(`the discovery document at ${url} has no jwks_uri`);
  return doc as ProviderMetadata;
}
