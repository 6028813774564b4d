import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import { createFileLogStore } from '../../src/integrations/log/file-log-store';
import { createKubernetesExecutor } from '../../src/integrations/kubernetes/kubernetes-executor';
import type { KubernetesExecutor } from '../../src/integrations/kubernetes/kubernetes-executor';
import { isApiException, loadKubernetesClient } from '../../src/integrations/kubernetes/load-client';
import { EXECUTION_LABEL, buildStepPod, executionHash, podName } from '../../src/integrations/kubernetes/pod-spec';
import type { PodTemplate } from '../../src/integrations/kubernetes/pod-spec';
import { assessPod } from '../../src/integrations/kubernetes/pod-status';
import type { StepIo, StepSpec } from '../../src/ports/executor';
import type { LogStore } from '../../src/ports/log-store';
import { startFakeKubelet } from '../harness/fake-kubelet';
import { ensureKubeTools, startKubeControlPlane } from '../harness/kube-apiserver';
import type { KubeControlPlane } from '../harness/kube-apiserver';
import { waitFor } from '../harness/wait-for';

const until = (what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<true> =>
  waitFor(what, async () => ((await check()) ? true : undefined), timeoutMs);

const NS = 'gantry-steps';
let plane: KubeControlPlane;
let kubelet: { stop(): Promise<void> };
let core: CoreV1Api;
let dir: string;
let logs: LogStore;
let counter = 0;

beforeAll(async () => {
  await ensureKubeTools(); // A cold build when postinstall did not run; seconds when cached.
  plane = await startKubeControlPlane();
  console.log(`kube control plane ready in ${plane.startupMs} ms`);
  const k8s = await loadKubernetesClient();
  core = plane.kubeConfig.makeApiClient(k8s.CoreV1Api);
  kubelet = await startFakeKubelet(plane.kubeConfig, plane.certDir);
  await core.createNamespace({ body: { metadata: { name: NS } } });
  // kube-controller-manager would create it; the ServiceAccount admission plugin requires it.
  await core.createNamespacedServiceAccount({ namespace: NS, body: { metadata: { name: 'default' } } });
  dir = await mkdtemp(join(tmpdir(), 'gantry-kube-exec-'));
  logs = createFileLogStore(join(dir, 'logs'));
}, 45 * 60_000);

afterAll(async () => {
  await kubelet?.stop();
  await plane?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function executor(overrides: { templates?: Record<string, PodTemplate>; scheduleTimeoutMs?: number } = {}) {
  return createKubernetesExecutor({
    kubeConfig: plane.kubeConfig,
    namespace: NS,
    logs,
    // The fake kubelet runs on this host, so a hostPath volume at the same path is the shared workspace.
    workspace: { kind: 'volume', volume: { name: 'workspace', hostPath: { path: dir } }, hostRoot: dir },
    pollMs: 200,
    heartbeatIntervalMs: 100,
    imagePullGraceMs: 5000,
    ...overrides,
  });
}

function step(command: string, overrides: Partial<StepSpec> = {}): StepSpec {
  const id = `release-payments-prod-${++counter}/run-${counter}/compile`;
  return {
    executionId: id,
    name: 'compile',
    command,
    workspace: dir,
    image: 'builder:1',
    env: { GANTRY_SERVICE: 'payments', GANTRY_ENVIRONMENT: 'prod', GANTRY_COMMIT: 'a'.repeat(40) },
    timeoutMs: 60_000,
    logId: id,
    ...overrides,
  };
}

function io(overrides: Partial<StepIo> = {}): StepIo {
  return { signal: new AbortController().signal, heartbeat: () => undefined, ...overrides };
}

async function podGone(name: string): Promise<boolean> {
  try {
    await core.readNamespacedPod({ name, namespace: NS });
    return false;
  } catch (err) {
    if (isApiException(err) && err.code === 404) return true;
    throw err;
  }
}

async function podRunning(name: string): Promise<boolean> {
  const pod = await core.readNamespacedPod({ name, namespace: NS }).catch(() => undefined);
  return pod?.status?.phase === 'Running';
}

describe('Kubernetes executor against a real kube-apiserver', () => {
  test('a successful step: pod labelled, logs copied through the apiserver, pod deleted', async () => {
    const spec = step('echo hello from the pod; sleep 0.5; echo "in $(pwd) as $GANTRY_SERVICE"');
    const beats: unknown[] = [];
    const seen: V1Pod[] = [];
    const name = podName(spec.executionId, spec.name);
    const peek = setInterval(() => {
      void core.readNamespacedPod({ name, namespace: NS }).then(
        (p) => seen.push(p),
        () => undefined,
      );
    }, 100);
    const result = await executor().run(spec, io({ heartbeat: (d) => beats.push(d) }));
    clearInterval(peek);

    expect(result).toMatchObject({ exitCode: 0, timedOut: false, logId: spec.logId });
    const log = await logs.read(spec.logId);
    expect(log).toContain('hello from the pod');
    expect(log).toContain(`in ${dir} as payments`);
    expect(beats.length).toBeGreaterThan(0);
    const labels = seen[0]?.metadata?.labels ?? {};
    expect(labels).toMatchObject({
      'gantry.dev/service': 'payments',
      'gantry.dev/environment': 'prod',
      'gantry.dev/commit': 'a'.repeat(40),
      'gantry.dev/workflow': `release-payments-prod-${counter}`,
    });
    expect(seen[0]?.spec).toMatchObject({ restartPolicy: 'Never', activeDeadlineSeconds: 60 });
    expect(await podGone(name)).toBe(true);
  });

  test('a failing step returns its exit code with the log tail', async () => {
    const spec = step('echo compiling; echo "error: cannot find symbol Foo" >&2; exit 3');
    const result = await executor().run(spec, io());
    expect(result.exitCode).toBe(3);
    expect(result.timedOut).toBe(false);
    expect(result.tail).toContain('error: cannot find symbol Foo');
    expect(result.tail).toContain('exit code 3');
    expect(await podGone(podName(spec.executionId, spec.name))).toBe(true);
  });

  test('a restarted worker re-attaches to the running pod: exactly one pod for the execution', async () => {
    const spec = step('echo first; sleep 2; echo second');
    const name = podName(spec.executionId, spec.name);
    const k8s = await loadKubernetesClient();
    const uids = new Set<string>();
    const watch = await new k8s.Watch(plane.kubeConfig).watch(
      `/api/v1/namespaces/${NS}/pods`,
      { labelSelector: `${EXECUTION_LABEL}=${executionHash(spec.executionId)}` },
      (type: string, pod: V1Pod) => {
        if (type === 'ADDED' && pod.metadata?.uid) uids.add(pod.metadata.uid);
      },
      () => undefined,
    );
    // The first worker "dies": its run() is simply never looked at again; nothing is aborted.
    const abandoned = executor().run(spec, io());
    abandoned.catch(() => undefined);
    await until(`pod ${name} running`, () => podRunning(name), 20_000);

    const result = await executor().run(spec, io());
    expect(result.exitCode).toBe(0);
    expect(await logs.read(spec.logId)).toContain(`re-attached to pod ${name}`);
    expect(result.tail).toContain('second');
    watch.abort();
    expect(uids.size).toBe(1);
    await abandoned.catch(() => undefined);
    expect(await podGone(name)).toBe(true);
  });

  test('cancellation deletes the pod and rejects', async () => {
    const spec = step('sleep 60');
    const name = podName(spec.executionId, spec.name);
    const controller = new AbortController();
    const running = executor().run(spec, io({ signal: controller.signal }));
    await until(`pod ${name} running`, () => podRunning(name), 20_000);
    controller.abort();
    await expect(running).rejects.toThrow(/cancel/i);
    await until(`pod ${name} deleted`, () => podGone(name), 15_000);
  });

  test('a step over its deadline is reported as timed out', async () => {
    const spec = step('echo working; sleep 60', { timeoutMs: 2000 });
    const result = await executor().run(spec, io());
    expect(result.timedOut).toBe(true);
    expect(result.tail).toMatch(/timed out.*longer than the specified deadline/);
  });

  test('an unschedulable pod fails with the scheduler reason within its deadline', async () => {
    const spec = step('true', { image: 'gpu-builder:1' });
    const started = Date.now();
    const run = executor({
      templates: { 'gpu-builder:1': { nodeSelector: { 'gantry.dev/pool': 'gpu' } } },
      scheduleTimeoutMs: 4000,
    }).run(spec, io());
    await expect(run).rejects.toThrow(
      /could not be scheduled within 4s: 0\/1 nodes are available.*node affinity\/selector/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await podGone(podName(spec.executionId, spec.name))).toBe(true);
  });

  test('an image that cannot be pulled fails with the pull error', async () => {
    const spec = step('true', { image: 'registry.example.invalid/builder:1' });
    await expect(executor().run(spec, io())).rejects.toThrow(/cannot pull image: .*no such host/);
  });

  test('the sweeper deletes only Gantry pods older than the limit', async () => {
    const sweeper: KubernetesExecutor = executor();
    // Pending forever (no node matches), like pods whose worker vanished before it could clean up.
    const orphan = (n: number): V1Pod =>
      buildStepPod({
        step: step('sleep 60', { executionId: `orphan-${n}/x/compile` }),
        namespace: NS,
        workspace: { kind: 'volume', volume: { name: 'w', hostPath: { path: dir } }, hostRoot: dir },
        template: { nodeSelector: { nowhere: 'true' } },
      });
    const old = await core.createNamespacedPod({ namespace: NS, body: orphan(1) });
    const foreign = await core.createNamespacedPod({
      namespace: NS,
      body: {
        metadata: { name: 'not-gantry' },
        spec: { containers: [{ name: 'c', image: 'x' }], nodeSelector: { nowhere: 'true' } },
      },
    });
    await new Promise((r) => setTimeout(r, 3000)); // creationTimestamp has whole seconds.
    const fresh = await core.createNamespacedPod({ namespace: NS, body: orphan(2) });

    const swept = await sweeper.sweepOrphans(1500);
    expect(swept).toContain(old.metadata?.name);
    expect(swept).not.toContain(fresh.metadata?.name);
    await until('orphan deleted', () => podGone(old.metadata?.name ?? ''), 10_000);
    expect(await podGone(fresh.metadata?.name ?? '')).toBe(false);
    expect(await podGone(foreign.metadata?.name ?? '')).toBe(false);
    await core.deleteNamespacedPod({ name: 'not-gantry', namespace: NS });
    await core.deleteNamespacedPod({ name: fresh.metadata?.name ?? '', namespace: NS });
  });
});

describe('pod spec and status (pure)', () => {
  test('pod names are stable, DNS-1123 and at most 63 characters', () => {
    const id = `release-${'very-long-service-name-'.repeat(5)}/0f1e2d3c-run/compile`;
    const name = podName(id, 'compile');
    expect(name).toBe(podName(id, 'compile'));
    expect(name).not.toBe(podName(`${id}x`, 'compile'));
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(name.startsWith('gantry-release-very-long')).toBe(true);
  });

  test('OOMKilled and image pull states are recognised', () => {
    const pod = (state: object): V1Pod => ({
      status: {
        phase: 'Failed',
        containerStatuses: [{ name: 'step', image: 'i', imageID: '', ready: false, restartCount: 0, state }],
      },
    });
    expect(assessPod(pod({ terminated: { exitCode: 137, reason: 'OOMKilled' } }))).toMatchObject({
      kind: 'exited',
      oomKilled: true,
    });
    const pulling = assessPod({
      status: {
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'step',
            image: 'i',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'ImagePullBackOff', message: 'nope' } },
          },
        ],
      },
    });
    expect(pulling).toMatchObject({ kind: 'waiting', imagePull: { reason: 'ImagePullBackOff', message: 'nope' } });
  });
});
