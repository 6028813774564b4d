import { randomBytes } from 'node:crypto';
import { generateToken, hashToken } from './opaque-token';
import { readTokenFile, writeTokenFile, type TokenEntry } from './token-file';

export interface NewToken {
  person?: string;
  service?: string;
  roles?: string[];
  description?: string;
  expiresInMs?: number;
}

/** Adds a token to the store and returns it: the only moment the token itself exists outside its holder. */
export async function issueToken(
  path: string,
  spec: NewToken,
  now = new Date(),
): Promise<{ token: string; entry: TokenEntry }> {
  if ((spec.person === undefined) === (spec.service === undefined)) {
    throw new Error('bind the token to exactly one of --person or --service');
  }
  const file = await readTokenFile(path);
  const token = generateToken();
  const owner = (spec.person ?? spec.service ?? 'token').toLowerCase().replace(/[^a-z0-9_-]/g, '-');
  const entry: TokenEntry = {
    id: `${owner}-${randomBytes(3).toString('hex')}`,
    hash: hashToken(token),
    person: spec.person,
    service: spec.service,
    roles: spec.roles ?? [],
    description: spec.description ?? '',
    createdAt: now.toISOString(),
    expiresAt: spec.expiresInMs === undefined ? undefined : new Date(now.getTime() + spec.expiresInMs).toISOString(),
  };
  await writeTokenFile(path, { tokens: [...file.tokens, entry] });
  return { token, entry };
}

/** Marks a token revoked (kept, so the audit trail still names it); the server re-reads the store. */
export async function revokeToken(path: string, id: string, now = new Date()): Promise<TokenEntry> {
  const file = await readTokenFile(path);
  const entry = file.tokens.find((t) => t.id === id);
  if (!entry) throw new Error(`no token "${id}" in ${path}`);
  entry.revokedAt ??= now.toISOString();
  await writeTokenFile(path, file);
  return entry;
}
