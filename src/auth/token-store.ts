import { stat } from 'node:fs/promises';
import { AuthError } from './identity';
import { hashToken } from './opaque-token';
import { readTokenFile, type TokenEntry } from './token-file';

/**
 * Looks presented tokens up by hash. Re-reads the file when it changes (a rotated Kubernetes Secret, or
 * `gantry token revoke`), so a revocation takes effect without a restart.
 */
export function createTokenStore(path: string, now: () => Date = () => new Date()) {
  let cached: { mtimeMs: number; size: number; byHash: Map<string, TokenEntry> } | undefined;

  async function entries(): Promise<Map<string, TokenEntry>> {
    // No store configured (an embedded server built without one): no Gantry token is known.
    if (!path) return new Map();
    const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (!info) return new Map();
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.byHash;
    const file = await readTokenFile(path);
    // Lookup by the hash of a 256-bit random secret: equal-prefix timing tells an attacker nothing useful.
    const byHash = new Map(file.tokens.map((e) => [e.hash, e]));
    cached = { mtimeMs: info.mtimeMs, size: info.size, byHash };
    return byHash;
  }

  async function lookup(token: string): Promise<TokenEntry> {
    const entry = (await entries()).get(hashToken(token));
    if (!entry) throw new AuthError('unknown Gantry token');
    if (entry.revokedAt) throw new AuthError(`Gantry token "${entry.id}" was revoked at ${entry.revokedAt}`);
    if (entry.expiresAt && Date.parse(entry.expiresAt) <= now().getTime()) {
      throw new AuthError(`Gantry token "${entry.id}" expired at ${entry.expiresAt}`);
    }
    return entry;
  }

  return { lookup };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
