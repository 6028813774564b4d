import { createHash, randomBytes } from 'node:crypto';

/** Prefix of Gantry's own tokens: tells them from JWTs, and lets secret scanners recognise a leaked one. */
const TOKEN_PREFIX = 'gty_';

/** 32 random bytes: unguessable, so a fast hash (not a password KDF) is enough to store it safely. */
export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return `sha256:${createHash('sha256').update(token, 'utf8').digest('hex')}`;
}

export const isOpaqueToken = (token: string): boolean => token.startsWith(TOKEN_PREFIX);
