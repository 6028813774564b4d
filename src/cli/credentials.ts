import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** What `gantry login` keeps per Gantry API: enough to call it and to refresh without asking again. */
export interface StoredLogin {
  issuer: string;
  clientId: string;
  tokenEndpoint: string;
  accessToken: string;
  idToken?: string;
  refreshToken?: string;
  /** ISO time the access token expires. */
  expiresAt: string;
}

export type CredentialsFile = Record<string, StoredLogin>;

/** $XDG_CONFIG_HOME/gantry/credentials.json (~/.config when unset), the place other CLIs keep tokens too. */
export function credentialsPath(env: Record<string, string | undefined>): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'gantry', 'credentials.json');
}

export async function readCredentials(path: string): Promise<CredentialsFile> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as CredentialsFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`cannot read ${path}: ${(err as Error).message}; delete it and run "gantry login" again`);
  }
}

/** Written with mode 0600 in a 0700 directory, atomically: tokens are as good as a password. */
export async function saveLogin(path: string, apiUrl: string, login: StoredLogin | undefined): Promise<void> {
  const all = await readCredentials(path);
  if (login) all[apiUrl] = login;
  else delete all[apiUrl];
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}
