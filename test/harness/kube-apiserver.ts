import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Agent, request } from 'node:https';
import { promisify } from 'node:util';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubernetesClient } from '../../src/integrations/kubernetes/load-client';
import { freePorts } from './free-port';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, '.tools/bin');

export interface KubeControlPlane {
  kubeConfig: KubeConfig;
  server: string;
  /** The apiserver's self-signed serving certificate: the fake kubelet serves with it too. */
  certDir: string;
  startupMs: number;
  stop(): Promise<void>;
}

/**
 * Builds the control-plane binaries when they are missing (the script is a no-op when they are current). The
 * postinstall normally did this already; a fresh clone without it pays the cold build here, once.
 */
export async function ensureKubeTools(): Promise<void> {
  await promisify(execFile)('bash', [join(ROOT, 'scripts/build-kube-tools.sh')], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  for (const binary of ['etcd', 'kube-apiserver', 'kube-scheduler']) {
    if (!existsSync(join(BIN, binary))) throw new Error(`${binary} is missing from .tools/bin: npm run setup:kube`);
  }
}

/**
 * A real control plane on loopback: etcd, kube-apiserver (token auth, AlwaysAllow, self-signed serving cert it
 * generates itself into a temp dir) and the real kube-scheduler. There is no kubelet: see fake-kubelet.ts.
 */
export async function startKubeControlPlane(): Promise<KubeControlPlane> {
  const began = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'gantry-kube-'));
  const [etcdPort, peerPort, apiPort, schedulerPort] = (await freePorts(4)) as [number, number, number, number];
  const token = randomBytes(16).toString('hex');
  const children: ChildProcess[] = [];
  const output: string[] = [];
  const launch = (binary: string, args: string[]): ChildProcess => {
    const child = spawn(join(BIN, binary), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      output.push(`[${binary}] ${chunk.toString()}`);
      if (output.length > 400) output.splice(0, output.length - 400);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    children.push(child);
    return child;
  };
  const stop = async (): Promise<void> => {
    for (const child of [...children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    await writeFile(join(dir, 'sa.pub'), publicKey);
    await writeFile(join(dir, 'sa.key'), privateKey);
    // One superuser token shared by the tests and the scheduler; the group makes it an admin under any authorizer.
    await writeFile(join(dir, 'tokens.csv'), `${token},gantry-test,1,"system:masters"\n`);

    launch('etcd', [
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=default=http://127.0.0.1:${peerPort}`,
      '--unsafe-no-fsync', // Test data: durability buys nothing and costs seconds.
      '--log-level=warn',
    ]);
    const server = `https://127.0.0.1:${apiPort}`;
    launch('kube-apiserver', [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--cert-dir=${join(dir, 'certs')}`,
      `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--authorization-mode=AlwaysAllow',
      '--service-cluster-ip-range=10.96.0.0/24',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${join(dir, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
      '--enable-priority-and-fairness=false',
      '--v=0',
    ]);
    await waitReady(`${server}/readyz`, token, 90_000, children, output);

    const kubeconfigPath = join(dir, 'kubeconfig');
    await writeFile(kubeconfigPath, kubeconfigYaml(server, token));
    launch('kube-scheduler', [
      `--kubeconfig=${kubeconfigPath}`,
      '--leader-elect=false',
      '--bind-address=127.0.0.1',
      `--secure-port=${schedulerPort}`,
      '--v=0',
    ]);

    const k8s = await loadKubernetesClient();
    const kubeConfig = new k8s.KubeConfig();
    kubeConfig.loadFromString(kubeconfigYaml(server, token));
    return { kubeConfig, server, certDir: join(dir, 'certs'), startupMs: Date.now() - began, stop };
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- control plane output ---\n${output.join('').slice(-6000)}`);
  }
}

function kubeconfigYaml(server: string, token: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters: [{name: test, cluster: {server: "' + server + '", insecure-skip-tls-verify: true}}]',
    'users: [{name: test, user: {token: "' + token + '"}}]',
    'contexts: [{name: test, context: {cluster: test, user: test}}]',
    'current-context: test',
    '',
  ].join('\n');
}

async function waitReady(
  url: string,
  token: string,
  timeoutMs: number,
  children: ChildProcess[],
  output: string[],
): Promise<void> {
  const agent = new Agent({ rejectUnauthorized: false });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = children.find((c) => c.exitCode !== null);
    if (dead) throw new Error(`${dead.spawnfile} exited with ${dead.exitCode}: ${output.join('').slice(-3000)}`);
    const status = await new Promise<number>((done) => {
      const req = request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      });
      req.on('error', () => done(0));
      req.end();
    });
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`kube-apiserver not ready after ${timeoutMs} ms (last ${status})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
