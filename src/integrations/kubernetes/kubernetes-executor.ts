import { setTimeout as delay } from 'node:timers/promises';
import type { CoreV1Api, KubeConfig, V1Pod } from '@kubernetes/client-node';
import type { Executor, StepIo, StepResult, StepSpec } from '../../ports/executor';
import type { LogStore, LogWriter } from '../../ports/log-store';
import { abortError } from '../../util/abort';
import { apiErrorMessage, isApiException, loadKubernetesClient } from './load-client';
import type { K8s } from './load-client';
import { LogFollower, linesAlreadyCopied } from './pod-logs';
import { EXECUTION_ID_ANNOTATION, GANTRY_POD_SELECTOR, STEP_CONTAINER, buildStepPod, podName } from './pod-spec';
import type { PodContext, PodTemplate, WorkspaceSource } from './pod-spec';
import { assessPod, hasLogs } from './pod-status';
import type { PodAssessment } from './pod-status';
import { watchPod } from './pod-watch';

export interface KubernetesExecutorOptions {
  /** From the client-node module loadKubernetesClient() returns (KubeConfig.loadFromDefault() in production). */
  kubeConfig: KubeConfig;
  namespace: string;
  logs: LogStore;
  workspace: WorkspaceSource;
  /** Pod templates by step image (the language's buildImage); '*' applies to images without their own. */
  templates?: Record<string, PodTemplate>;
  /** Labels tying the pod to a release; by default from GANTRY_SERVICE/ENVIRONMENT/COMMIT and the execution id. */
  context?: (step: StepSpec) => PodContext;
  /** Pause between re-reads when a watch ends; the backoff unit on API errors. */
  pollMs?: number;
  heartbeatIntervalMs?: number;
  /** How long a pod may wait for a node (the deadline only starts once it runs); capped by the step's timeout. */
  scheduleTimeoutMs?: number;
  /** How long ErrImagePull may persist before the step fails (ImagePullBackOff fails at once). */
  imagePullGraceMs?: number;
}

export type KubernetesExecutor = Executor & {
  /** Deletes Gantry's pods older than the limit (their worker is gone for good); returns their names. */
  sweepOrphans(olderThanMs: number): Promise<string[]>;
};

const TAIL_LINES = 40;

export function createKubernetesExecutor(options: KubernetesExecutorOptions): KubernetesExecutor {
  const { namespace, logs } = options;
  const pollMs = options.pollMs ?? 1000;
  let clients: Promise<{ k8s: K8s; core: CoreV1Api }> | undefined;
  const api = (): Promise<{ k8s: K8s; core: CoreV1Api }> =>
    (clients ??= loadKubernetesClient().then((k8s) => ({
      k8s,
      core: options.kubeConfig.makeApiClient(k8s.CoreV1Api),
    })));

  async function deletePod(core: CoreV1Api, name: string, uid: string | undefined): Promise<void> {
    try {
      // The uid precondition keeps a late cleanup from deleting a newer pod of the same name.
      await core.deleteNamespacedPod({ name, namespace, body: uid ? { preconditions: { uid } } : undefined });
    } catch (err) {
      if (!isApiException(err) || (err.code !== 404 && err.code !== 409)) throw err;
    }
  }

  /** Creates the step's pod, or finds the one an earlier attempt created: one pod per execution id. */
  async function createOrAttach(
    core: CoreV1Api,
    step: StepSpec,
    log: LogWriter,
  ): Promise<{ pod: V1Pod; skip: number }> {
    const body = buildStepPod({
      step,
      namespace,
      workspace: options.workspace,
      template: options.templates?.[step.image] ?? options.templates?.['*'],
      context: (options.context ?? defaultContext)(step),
    });
    const name = body.metadata?.name ?? podName(step.executionId, step.name);
    const marker = `[gantry] pod ${name} created`;
    for (let attempt = 0; ; attempt++) {
      try {
        const pod = await core.createNamespacedPod({ namespace, body });
        log.write(`${marker} in ${namespace} (image ${body.spec?.containers[0]?.image})\n`);
        return { pod, skip: 0 };
      } catch (err) {
        if (!isApiException(err) || err.code !== 409) throw err;
      }
      const existing = await core.readNamespacedPod({ name, namespace }).catch((err: unknown) => {
        if (isApiException(err) && err.code === 404) return undefined; // Deleted in between: create again.
        throw err;
      });
      if (!existing) continue;
      const owner = existing.metadata?.annotations?.[EXECUTION_ID_ANNOTATION];
      if (owner !== step.executionId) throw new Error(`pod ${name} belongs to another execution (${owner})`);
      if (existing.metadata?.deletionTimestamp && attempt < 30) {
        // A cancelled attempt's pod is still terminating: a fresh run starts once it is gone.
        await delay(1000);
        continue;
      }
      const skip = linesAlreadyCopied(await logs.read(step.logId).catch(() => ''), marker);
      log.write(`[gantry] re-attached to pod ${name} (${skip} log lines already copied)\n`);
      return { pod: existing, skip };
    }
  }

  return {
    async run(step: StepSpec, io: StepIo): Promise<StepResult> {
      if (io.signal.aborted) throw abortError(io.signal, 'the step was cancelled');
      const { k8s, core } = await api();
      const started = Date.now();
      const log = logs.open(step.logId);
      log.write(`[gantry] ${new Date(started).toISOString()} step ${step.name} on Kubernetes\n$ ${step.command}\n`);
      let created: { pod: V1Pod; skip: number };
      try {
        created = await createOrAttach(core, step, log);
      } catch (err) {
        log.write(`[gantry] could not create the pod: ${apiErrorMessage(err)}\n`);
        await log.close();
        throw new Error(`step ${step.name}: could not create its pod: ${apiErrorMessage(err)}`);
      }
      const name = created.pod.metadata?.name ?? '';
      let uid = created.pod.metadata?.uid;
      const follower = new LogFollower(
        k8s,
        options.kubeConfig,
        { namespace, pod: name, container: STEP_CONTAINER },
        log,
        created.skip,
      );

      type Outcome =
        | { kind: 'done'; assessment: Extract<PodAssessment, { kind: 'exited' | 'deadline' }> }
        | { kind: 'error'; message: string }
        | { kind: 'cancelled' };
      let settle!: (outcome: Outcome) => void;
      const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
      let settled = false;
      const finish = (o: Outcome): void => {
        if (settled) return;
        settled = true;
        settle(o);
      };

      const scheduleLimit = Math.min(
        options.scheduleTimeoutMs ?? 300_000,
        step.timeoutMs > 0 ? step.timeoutMs : Infinity,
      );
      const pullGrace = options.imagePullGraceMs ?? 30_000;
      let last: PodAssessment = assessPod(created.pod);
      let everStarted = false;
      let pullSince: number | undefined;

      const evaluate = (pod: V1Pod): void => {
        uid = pod.metadata?.uid ?? uid;
        last = assessPod(pod);
        if (hasLogs(pod)) {
          everStarted = true;
          void follower.ensure();
        }
        if (last.kind === 'exited' || last.kind === 'deadline') return finish({ kind: 'done', assessment: last });
        if (last.kind === 'failed') return finish({ kind: 'error', message: `${last.reason}: ${last.message}` });
        if (last.kind === 'waiting' && last.imagePull) {
          pullSince ??= Date.now();
          if (last.imagePull.reason === 'ImagePullBackOff' || Date.now() - pullSince >= pullGrace) {
            return finish({ kind: 'error', message: `cannot pull image: ${last.imagePull.message}` });
          }
        } else pullSince = undefined;
      };
      evaluate(created.pod);

      // Timers the cluster does not enforce: the kubelet's deadline only counts once the pod runs.
      const scheduleTimer = setTimeout(() => {
        if (everStarted || last.kind !== 'waiting') return;
        finish({
          kind: 'error',
          message: last.unschedulable
            ? `pod ${name} could not be scheduled within ${Math.round(scheduleLimit / 1000)}s: ${last.unschedulable}`
            : `pod ${name} did not start within ${Math.round(scheduleLimit / 1000)}s (${last.detail})`,
        });
      }, scheduleLimit);
      const pullTimer = setInterval(
        () => {
          if (last.kind === 'waiting' && last.imagePull && pullSince && Date.now() - pullSince >= pullGrace) {
            finish({ kind: 'error', message: `cannot pull image: ${last.imagePull.message}` });
          }
        },
        Math.max(250, Math.min(pullGrace, 5000)),
      );
      const heartbeat = setInterval(() => {
        const details = { step: step.name, elapsedMs: Date.now() - started, pod: name, state: last.kind };
        try {
          io.heartbeat(details);
        } catch {
          // A failed heartbeat must not fail the step; cancellation arrives through the signal.
        }
      }, options.heartbeatIntervalMs ?? 5000);
      const onAbort = (): void => finish({ kind: 'cancelled' });
      io.signal.addEventListener('abort', onAbort, { once: true });
      const watcher = watchPod(
        k8s,
        options.kubeConfig,
        core,
        { namespace, name },
        {
          onPod: evaluate,
          onGone: (final) => {
            if (final) evaluate(final);
            finish({ kind: 'error', message: `pod ${name} was deleted before the step finished` });
          },
          onError: (err) => finish({ kind: 'error', message: `lost track of pod ${name}: ${apiErrorMessage(err)}` }),
        },
        { pollMs },
      );

      try {
        const result = await outcome;
        watcher.stop();
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        if (result.kind === 'cancelled') {
          follower.stop();
          if (io.detached?.()) {
            // The worker is stopping: the pod keeps running and the retry re-attaches to it by name.
            log.write(`[gantry] worker stopping after ${seconds}s; pod ${name} left running for the retry\n`);
            throw abortError(io.signal, 'the step was cancelled');
          }
          await deletePod(core, name, uid).catch(() => undefined);
          log.write(`[gantry] cancelled after ${seconds}s; pod ${name} deleted\n`);
          throw abortError(io.signal, 'the step was cancelled');
        }
        if (result.kind === 'error') {
          await follower.drain(everStarted ? 3000 : 0);
          log.write(`[gantry] step failed after ${seconds}s: ${result.message}\n`);
          await log.close();
          await deletePod(core, name, uid).catch(() => undefined);
          const tail = await logs.tail(step.logId, TAIL_LINES);
          throw new Error(`step ${step.name}: ${result.message}${tail ? `\n${tail}` : ''}`);
        }
        await follower.drain(5000);
        const a = result.assessment;
        const timedOut = a.kind === 'deadline';
        const exitCode = a.kind === 'exited' ? a.exitCode : 137;
        if (a.kind === 'deadline') {
          log.write(`[gantry] timed out after ${seconds}s (limit ${step.timeoutMs} ms): ${a.message}\n`);
        } else if (a.oomKilled) {
          const limit = options.templates?.[step.image]?.resources?.limits?.['memory'];
          log.write(
            `[gantry] OOMKilled: the step exceeded its memory limit${limit ? ` (${limit})` : ''}; exit code ${exitCode}\n`,
          );
        } else {
          log.write(`[gantry] exit code ${exitCode} after ${seconds}s${a.message ? `: ${a.message.trim()}` : ''}\n`);
        }
        // The step's outcome stands even if cleanup fails: the sweeper removes what is left.
        await deletePod(core, name, uid).catch((err: unknown) =>
          log.write(`[gantry] warning: could not delete pod ${name}: ${apiErrorMessage(err)}\n`),
        );
        await log.close();
        return {
          exitCode,
          durationMs: Date.now() - started,
          timedOut,
          tail: await logs.tail(step.logId, TAIL_LINES),
          logId: step.logId,
        };
      } finally {
        watcher.stop();
        follower.stop();
        clearTimeout(scheduleTimer);
        clearInterval(pullTimer);
        clearInterval(heartbeat);
        io.signal.removeEventListener('abort', onAbort);
        await log.close().catch(() => undefined);
      }
    },

    async sweepOrphans(olderThanMs: number): Promise<string[]> {
      const { core } = await api();
      const list = await core.listNamespacedPod({ namespace, labelSelector: GANTRY_POD_SELECTOR });
      const cutoff = Date.now() - olderThanMs;
      const swept: string[] = [];
      for (const pod of list.items) {
        const createdAt = pod.metadata?.creationTimestamp;
        const name = pod.metadata?.name;
        if (!name || !createdAt || new Date(createdAt).getTime() > cutoff || pod.metadata?.deletionTimestamp) continue;
        await deletePod(core, name, pod.metadata?.uid);
        swept.push(name);
      }
      return swept;
    },
  };
}

/** The release a step belongs to, from what the build activities put in the step (see executionId()). */
function defaultContext(step: StepSpec): PodContext {
  return {
    service: step.env['GANTRY_SERVICE'],
    environment: step.env['GANTRY_ENVIRONMENT'],
    commit: step.env['GANTRY_COMMIT'],
    workflowId: step.executionId.split('/')[0],
  };
}
