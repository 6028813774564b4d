import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { CoreV1Api, KubeConfig, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { isApiException, loadKubernetesClient } from '../../src/integrations/kubernetes/load-client';

/**
 * A stand-in for the kubelet of one node — the only simulated part of the test cluster. It registers a Ready
 * node, and for each pod the real kube-scheduler binds to it: runs the container's command as a host process
 * (no image, no isolation; workingDir and env as given), reports the container and pod status through the real
 * API, enforces activeDeadlineSeconds, finishes graceful deletions, and serves /containerLogs over HTTPS, which
 * the real apiserver proxies for `pods/log` exactly as it would to a kubelet.
 *
 * Images under the `.invalid` TLD fail to pull (ErrImagePull, then ImagePullBackOff), as an unreachable registry
 * would; the pod annotation `fake-kubelet.gantry.dev/oom=true` reports an exit code 137 as OOMKilled.
 */
export const FAKE_NODE = 'gantry-fake-node';

interface Running {
  child?: ChildProcess;
  lines: { stamp: string; text: string }[];
  partial: string;
  exited: boolean;
  listeners: Set<() => void>;
  deadline?: NodeJS.Timeout;
  deadlineHit?: boolean;
}

export async function startFakeKubelet(kubeConfig: KubeConfig, certDir: string): Promise<{ stop(): Promise<void> }> {
  const k8s = await loadKubernetesClient();
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  const pods = new Map<string, Running>();
  const server = createServer(
    {
      cert: await readFile(join(certDir, 'apiserver.crt')),
      key: await readFile(join(certDir, 'apiserver.key')),
    },
    (req, res) => serveLogs(req, res, pods),
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  await core.createNode({ body: { metadata: { name: FAKE_NODE, labels: { 'kubernetes.io/hostname': FAKE_NODE } } } });
  const node = await core.readNode({ name: FAKE_NODE });
  node.status = {
    conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'fake kubelet is ready' }],
    addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
    daemonEndpoints: { kubeletEndpoint: { Port: port } },
    capacity: { cpu: '8', memory: '16Gi', pods: '110' },
    allocatable: { cpu: '8', memory: '16Gi', pods: '110' },
  };
  await core.replaceNodeStatus({ name: FAKE_NODE, body: node });
  // The TaintNodesByCondition admission plugin taints a new node not-ready; the node lifecycle controller (not
  // running here) lifts the taint once the node reports Ready, so this does it instead.
  const ready = await core.readNode({ name: FAKE_NODE });
  ready.spec = { ...ready.spec, taints: [] };
  await core.replaceNode({ name: FAKE_NODE, body: ready });

  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const list = await core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${FAKE_NODE}` });
        for (const pod of list.items) await reconcile(core, pod, pods);
      } catch (err) {
        // The apiserver is going away at teardown, or a conflict: the next round retries.
        if (process.env['FAKE_KUBELET_DEBUG']) console.error('fake kubelet:', err);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();

  return {
    async stop() {
      stopped = true;
      await loop;
      for (const run of pods.values()) {
        clearTimeout(run.deadline);
        if (!run.exited) killGroup(run.child);
      }
      // Followed log streams and the apiserver's keep-alive connections would hold close() open.
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

async function reconcile(core: CoreV1Api, pod: V1Pod, pods: Map<string, Running>): Promise<void> {
  const key = `${pod.metadata?.namespace}/${pod.metadata?.name}/${pod.metadata?.uid}`;
  const spec = pod.spec;
  const container = spec?.containers[0];
  if (!spec || !container || !pod.metadata?.name || !pod.metadata.namespace) return;
  const { name, namespace } = pod.metadata;
  let run = pods.get(key);

  if (pod.metadata.deletionTimestamp) {
    if (run && !run.exited) killGroup(run.child);
    // What the kubelet does once the containers are gone: the final, immediate delete.
    await core
      .deleteNamespacedPod({
        name,
        namespace,
        gracePeriodSeconds: 0,
        body: { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } },
      })
      .catch((err: unknown) => {
        if (!isApiException(err) || err.code !== 404) throw err;
      });
    return;
  }
  if (run || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;

  const now = new Date();
  const image = container.image ?? '';
  // Serialised per pod: a fast command's "terminated" must not be overwritten by a late "running".
  let chain: Promise<void> = Promise.resolve();
  const setStatus = (mutate: (p: V1Pod) => void): Promise<void> => {
    const next = chain.then(() => writeStatus(mutate));
    chain = next.catch(() => undefined);
    return next;
  };
  const writeStatus = async (mutate: (p: V1Pod) => void): Promise<void> => {
    for (let i = 0; i < 5; i++) {
      const fresh = await core.readNamespacedPod({ name, namespace });
      mutate(fresh);
      try {
        await core.replaceNamespacedPodStatus({ name, namespace, body: fresh });
        return;
      } catch (err) {
        if (!isApiException(err) || err.code !== 409) throw err;
      }
    }
  };
  const containerStatus = (state: V1ContainerStatus['state']): V1ContainerStatus => ({
    name: container.name,
    image,
    imageID: '',
    ready: Boolean(state?.running),
    restartCount: 0,
    state,
  });

  run = { lines: [], partial: '', exited: false, listeners: new Set() };
  pods.set(key, run);
  if (/\.invalid([/:]|$)/.test(image.split('/')[0] ?? '')) {
    const host = image.split('/')[0];
    const message = `failed to pull and unpack image "${image}": failed to resolve reference "${image}": dial tcp: lookup ${host}: no such host`;
    await setStatus((p) => {
      p.status = {
        ...p.status,
        phase: 'Pending',
        startTime: now,
        containerStatuses: [containerStatus({ waiting: { reason: 'ErrImagePull', message } })],
      };
    });
    setTimeout(() => {
      void setStatus((p) => {
        p.status = {
          ...p.status,
          containerStatuses: [
            containerStatus({
              waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}": ${message}` },
            }),
          ],
        };
      }).catch(() => undefined);
    }, 1000);
    return;
  }

  const [command = 'sh', ...args] = [...(container.command ?? []), ...(container.args ?? [])];
  const child = spawn(command, args, {
    cwd: container.workingDir,
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      ...Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value ?? ''])),
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  run.child = child;
  const current = run;
  const onData = (chunk: Buffer): void => {
    const parts = (current.partial + chunk.toString()).split('\n');
    current.partial = parts.pop() ?? '';
    for (const text of parts) current.lines.push({ stamp: stampNow(), text });
    for (const wake of current.listeners) wake();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const startedAt = new Date();
  // Queued, not awaited: the close handler below must be in place before a fast command exits.
  const runningWritten = setStatus((p) => {
    p.status = {
      ...p.status,
      phase: 'Running',
      startTime: startedAt,
      hostIP: '127.0.0.1',
      podIP: '127.0.0.1',
      conditions: [
        ...(p.status?.conditions ?? []).filter((c) => c.type === 'PodScheduled'),
        { type: 'Ready', status: 'True' },
      ],
      containerStatuses: [containerStatus({ running: { startedAt } })],
    };
  });
  if (spec.activeDeadlineSeconds) {
    current.deadline = setTimeout(() => {
      current.deadlineHit = true;
      killGroup(child);
    }, spec.activeDeadlineSeconds * 1000);
  }
  child.once('close', (code, signal) => {
    clearTimeout(current.deadline);
    if (current.partial) current.lines.push({ stamp: stampNow(), text: current.partial });
    current.partial = '';
    current.exited = true;
    for (const wake of current.listeners) wake();
    const exitCode = code ?? (signal === 'SIGKILL' ? 137 : 143);
    const oom = exitCode === 137 && pod.metadata?.annotations?.['fake-kubelet.gantry.dev/oom'] === 'true';
    const terminated = {
      exitCode,
      reason: oom ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error',
      startedAt,
      finishedAt: new Date(),
    };
    void setStatus((p) => {
      p.status = {
        ...p.status,
        phase: exitCode === 0 && !current.deadlineHit ? 'Succeeded' : 'Failed',
        ...(current.deadlineHit
          ? { reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' }
          : {}),
        conditions: (p.status?.conditions ?? []).map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c)),
        containerStatuses: [containerStatus({ terminated })],
      };
    }).catch(() => undefined);
  });
  await runningWritten;
}

/** GET /containerLogs/{namespace}/{pod}/{container}?follow&timestamps&sinceTime, as the kubelet serves it. */
function serveLogs(req: IncomingMessage, res: ServerResponse, pods: Map<string, Running>): void {
  const url = new URL(req.url ?? '/', 'https://kubelet');
  const match = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  const run = match ? [...pods.entries()].find(([key]) => key.startsWith(`${match[1]}/${match[2]}/`))?.[1] : undefined;
  if (!run) {
    res.writeHead(404).end('not found');
    return;
  }
  const timestamps = url.searchParams.get('timestamps') === 'true';
  // sinceTime has whole seconds ("…:05Z"); compared with the stamps' 9 fractional digits.
  const since = (url.searchParams.get('sinceTime') ?? '').replace(/Z$/, '.000000000Z');
  let sent = 0;
  res.writeHead(200, { 'content-type': 'text/plain' });
  const pump = (): void => {
    for (; sent < run.lines.length; sent++) {
      const line = run.lines[sent];
      if (!line || (since && line.stamp < since)) continue;
      res.write(timestamps ? `${line.stamp} ${line.text}\n` : `${line.text}\n`);
    }
    if (run.exited || url.searchParams.get('follow') !== 'true') {
      run.listeners.delete(pump);
      res.end();
    }
  };
  run.listeners.add(pump);
  req.on('close', () => run.listeners.delete(pump));
  pump();
}

let lastNs = 0n;
/** RFC3339 with 9 fractional digits, strictly increasing, so stamps order as strings (like the kubelet's). */
function stampNow(): string {
  let ns = BigInt(Date.now()) * 1_000_000n;
  if (ns <= lastNs) ns = lastNs + 1n;
  lastNs = ns;
  const seconds = new Date(Number(ns / 1_000_000_000n) * 1000).toISOString().slice(0, 19);
  return `${seconds}.${(ns % 1_000_000_000n).toString().padStart(9, '0')}Z`;
}

function killGroup(child: ChildProcess | undefined): void {
  try {
    if (child?.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: already gone.
  }
}
