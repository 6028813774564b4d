import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * The token store: hashes of personal and service tokens, never the tokens. A JSON file (in Kubernetes the key
 * of a Secret mounted as a file). Each entry is bound to a catalog person or to a named service account.
 */
const tokenEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lowercase letters, digits, "_" or "-"'),
    hash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'write the hash as sha256:<64 hex digits>'),
    person: z.string().min(1).optional(),
    service: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/)
      .optional(),
    /** A service account's roles (e.g. release-manager, ci); a person's come from the catalog. */
    roles: z.array(z.string().min(1)).default([]),
    description: z.string().default(''),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().optional(),
    revokedAt: z.iso.datetime().optional(),
  })
  .refine((e) => (e.person === undefined) !== (e.service === undefined), {
    message: 'bind the token to exactly one of person or service',
  });

const tokenFileSchema = z.object({ tokens: z.array(tokenEntrySchema).default([]) });

export type TokenEntry = z.output<typeof tokenEntrySchema>;
export type TokenFile = z.output<typeof tokenFileSchema>;

/** Reads the store; a missing file is an empty store, a malformed one an error naming the path and the problem. */
export async function readTokenFile(path: string): Promise<TokenFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { tokens: [] };
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`token store ${path} is not JSON: ${(err as Error).message}`);
  }
  const parsed = tokenFileSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`token store ${path}: ${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`);
  }
  const ids = new Set<string>();
  for (const entry of parsed.data.tokens) {
    if (ids.has(entry.id)) throw new Error(`token store ${path}: token id "${entry.id}" appears twice`);
    ids.add(entry.id);
  }
  return parsed.data;
}

/** Writes atomically (rename) with mode 0600: a reader never sees half a file, and no one else can read hashes. */
export async function writeTokenFile(path: string, file: TokenFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}
