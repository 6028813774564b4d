import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

/**
 * A real registry on loopback: Debian's docker-registry (distribution 2.8) with our own config, because the
 * packaged one serves :5000 for everyone. Storage in a temp dir, htpasswd auth with a bcrypt password generated
 * per run, so the tests exercise credentials the way a production registry would.
 */
export interface LocalRegistry {
  /** host:port, what the builder's registry config and repository names use. */
  url: string;
  username: string;
  password: string;
  /** `<url>/base/busybox:1`, a FROM-able base image (set when started with the base image). */
  baseImage: string;
  /** The digest the registry serves for name:tag (the Docker-Content-Digest header), undefined on 404. */
  manifestDigest(name: string, tag: string): Promise<string | undefined>;
  /** GET /v2/<pathname> with the credentials, e.g. a manifest or a blob. */
  get(pathname: string, accept?: string): Promise<Response>;
  stop(): Promise<void>;
}

export const BUSYBOX = '/bin/busybox';
const REQUIRED = [
  { bin: 'buildah', pkg: 'buildah' },
  { bin: 'docker-registry', pkg: 'docker-registry' },
  { bin: 'htpasswd', pkg: 'apache2-utils' },
];
const MANIFEST_TYPES =
  'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';

/** Fails with the fix in the message when a system package is missing. */
export async function assertSystemPackages(): Promise<void> {
  const missing: string[] = [];
  for (const { bin, pkg } of REQUIRED) if (!(await onPath(bin))) missing.push(pkg);
  // A dynamic busybox names its loader near the start of the file; it would not run in a FROM scratch image.
  const head = await readFile(BUSYBOX).then(
    (b) => b.subarray(0, 4096).toString('latin1'),
    () => '',
  );
  if (!head.startsWith('\x7fELF') || head.includes('ld-linux')) missing.push('busybox-static');
  if (missing.length > 0) {
    throw new Error(`missing system packages: ${missing.join(', ')}; run scripts/install-system-packages.sh as root`);
  }
}

export async function startLocalRegistry(options: { withBaseImage?: boolean } = {}): Promise<LocalRegistry> {
  await assertSystemPackages();
  const root = await mkdtemp(path.join(tmpdir(), 'gantry-registry-'));
  const port = await freePort();
  const url = `127.0.0.1:${port}`;
  const username = 'gantry';
  const password = randomBytes(18).toString('base64url');
  // -i: the password from stdin, so it never shows in a process list.
  await run('htpasswd', ['-B', '-i', '-c', path.join(root, 'htpasswd'), username], password);
  const config = path.join(root, 'config.yml');
  await writeFile(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${path.join(root, 'data')}`,
      'http:',
      `  addr: ${url}`,
      // Fixed per run: without it the registry warns and makes up one.
      `  secret: ${randomBytes(16).toString('hex')}`,
      'auth:',
      '  htpasswd:',
      '    realm: gantry-test',
      `    path: ${path.join(root, 'htpasswd')}`,
      '',
    ].join('\n'),
  );

  const logFile = path.join(root, 'registry.log');
  const child = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => void (output = (output + chunk.toString()).slice(-8192));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    await stopChild(child, exited);
    await writeFile(logFile, output).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  };

  const basic = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  try {
    await waitFor(
      `docker-registry on ${url} answering (output: ${output.trim() || 'none'})`,
      async () => {
        if (child.exitCode !== null) throw new Error(`docker-registry exited: ${output.trim()}`);
        const res = await fetch(`http://${url}/v2/`, { headers: { authorization: basic } });
        return res.status === 200 ? true : undefined;
      },
      10_000,
    );
    const registry: LocalRegistry = {
      url,
      username,
      password,
      baseImage: `${url}/base/busybox:1`,
      get: (pathname, accept = MANIFEST_TYPES) =>
        fetch(`http://${url}/v2/${pathname}`, { headers: { authorization: basic, accept } }),
      async manifestDigest(name, tag) {
        const res = await registry.get(`${name}/manifests/${tag}`);
        if (res.status === 404) return undefined;
        if (!res.ok) throw new Error(`GET manifest ${name}:${tag}: HTTP ${res.status} ${await res.text()}`);
        return res.headers.get('docker-content-digest') ?? undefined;
      },
      stop,
    };
    if (options.withBaseImage) await pushBaseImage(root, registry);
    return registry;
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Docker Hub is out of reach, so the base is built here: FROM scratch with the static busybox and its applet
 * links (/bin/sh among them), in a storage root of its own so the builder under test really pulls it.
 */
async function pushBaseImage(root: string, registry: LocalRegistry): Promise<void> {
  const context = path.join(root, 'base-context');
  await mkdir(context);
  await copyFile(BUSYBOX, path.join(context, 'busybox'));
  await writeFile(
    path.join(context, 'Dockerfile'),
    'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\n',
  );
  const auth = Buffer.from(`${registry.username}:${registry.password}`).toString('base64');
  const authFile = path.join(root, 'auth.json');
  await writeFile(authFile, JSON.stringify({ auths: { [registry.url]: { auth } } }), { mode: 0o600 });
  const storage = ['--storage-driver', 'vfs', '--root', path.join(root, 'base-storage')];
  const runRoot = ['--runroot', path.join(root, 'base-storage.run')];
  const tag = registry.baseImage;
  try {
    await run('buildah', [
      ...storage,
      ...runRoot,
      'bud',
      '--isolation',
      'chroot',
      '--timestamp',
      '0',
      '-t',
      tag,
      context,
    ]);
    await run('buildah', [
      ...storage,
      ...runRoot,
      'push',
      '--tls-verify=false',
      '--authfile',
      authFile,
      tag,
      `docker://${tag}`,
    ]);
  } finally {
    // vfs files are plain files owned by root: rm -r works, no unmounting needed.
    await rm(path.join(root, 'base-storage'), { recursive: true, force: true });
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function onPath(bin: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${bin}`]).then(
    () => true,
    () => false,
  );
}

/** execFile with stdin; rejects with the command's output, which is what explains a failure. */
export function run(cmd: string, args: string[], stdin?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${cmd} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
    // A command that exits without reading stdin makes the write fail with EPIPE; its exit status tells more.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(stdin ?? '');
  });
}

/** Whether any process whose command line contains `marker` is alive (zombies excluded). */
export async function processAlive(marker: string): Promise<boolean> {
  for (const pid of (await readdir('/proc')).filter((n) => /^\d+$/.test(n))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.split('\0').join(' ').includes(marker)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z') return true;
  }
  return false;
}
