import { setTimeout as delay } from 'node:timers/promises';
import type { DeploymentState } from '../../domain/deployment';
import { deployAppName } from '../../domain/naming';
import { DeployError, type DeployIo, type DeployRef, type DeployTarget } from '../../ports/deploy-target';
import { abortError } from '../../util/abort';
import { type Application, type ArgoCdClient, ArgoCdError } from './argocd-client';
import { explainFailure, type PodRef } from './argocd-diagnosis';
import { createPreviewApps } from './preview-apps';

export type { PodRef } from './argocd-diagnosis';

export interface ArgoCdDeployTargetOptions {
  client: ArgoCdClient;
  /** Time between two reads of the app. */
  pollMs?: number;
  /** The tail of a pod's logs (e.g. from the Kubernetes API): added to the diagnosis of failing pods. */
  kubeLogs?: (pod: PodRef) => Promise<string>;
  /** Prune resources no longer in Git: removing the gray track from the values file must delete its Deployment. */
  prune?: boolean;
  /** How long a sync waits for someone else's operation to finish before giving up. */
  busyTimeoutMs?: number;
}

/**
 * Argo CD as the deploy target: one app per service and environment (`deployAppName`) renders both tracks from
 * the GitOps values file. A sync is pinned to the GitOps commit; rollback is another Git commit plus a sync, so
 * Argo CD's rollback endpoint (refused while auto-sync is on) is never used.
 */
export function createArgoCdDeployTarget(options: ArgoCdDeployTargetOptions): DeployTarget {
  const { client } = options;
  const pollMs = options.pollMs ?? 2000;
  const busyTimeoutMs = options.busyTimeoutMs ?? 10 * 60_000;
  /** The revision last synced per app, so a wait can tell our result from an older one. Lost on a worker restart. */
  const synced = new Map<string, string>();

  const sleep = (ms: number, signal: AbortSignal) =>
    delay(Math.max(0, ms), undefined, { signal }).catch(() => undefined);

  /** Stops a running operation; best effort (it may just have finished), with its own deadline. */
  const terminate = async (name: string): Promise<boolean> => {
    try {
      await client.terminateOperation(name, { signal: AbortSignal.timeout(10_000) });
      return true;
    } catch {
      return false;
    }
  };

  /** Polls until no operation runs on the app: the Argo CD answer to "another operation is already in progress". */
  const waitForIdle = async (name: string, begin: number, io: DeployIo): Promise<void> => {
    const deadline = Date.now() + busyTimeoutMs;
    for (;;) {
      if (io.signal.aborted) return;
      const app = await client.getApp(name, { signal: io.signal });
      const phase = app.status?.operationState?.phase;
      if (!app.operation && phase !== 'Running' && phase !== 'Terminating') return;
      const running = `${phase ?? 'requested'}${opMessage(app)}`;
      if (Date.now() >= deadline) {
        const message = `another operation on Argo CD app ${name} was still running after ${duration(busyTimeoutMs)}: ${running}`;
        throw new DeployError(message, { message, output: '' }, 'timeout');
      }
      io.heartbeat({
        phase: `waiting for the running operation on ${name} (${running})`,
        elapsedMs: Date.now() - begin,
      });
      await sleep(pollMs, io.signal);
    }
  };

  /** Whether the app's current or last operation is a sync to `revision` that runs or succeeded: ours to join. */
  const ourOperation = async (name: string, revision: string, signal: AbortSignal): Promise<boolean> => {
    const app = await client.getApp(name, { signal });
    const op = app.status?.operationState;
    if (app.operation?.sync?.revision === revision) return true;
    const opRevision = op?.operation?.sync?.revision ?? op?.syncResult?.revision;
    return opRevision === revision && (op?.phase === 'Running' || op?.phase === 'Succeeded');
  };

  return {
    // Previews get an app of their own (src/integrations/argocd/preview-apps.ts).
    ...createPreviewApps(client),

    async sync(ref: DeployRef, revision: string, io: DeployIo): Promise<void> {
      const name = deployAppName(ref.service, ref.environment);
      const begin = Date.now();
      let requested = false;
      try {
        // A retry (the previous attempt's worker stopped) re-attaches to the operation that attempt started.
        if (io.resume && (await ourOperation(name, revision, io.signal))) {
          synced.set(name, revision);
          io.heartbeat({ phase: `sync of ${name} at ${revision} already started`, elapsedMs: 0, revision });
          return;
        }
        for (;;) {
          if (io.signal.aborted) break;
          try {
            requested = true;
            await client.sync(name, { revision, prune: options.prune ?? true }, { signal: io.signal });
            synced.set(name, revision);
            io.heartbeat({ phase: `sync of ${name} at ${revision} started`, elapsedMs: Date.now() - begin, revision });
            return;
          } catch (err) {
            if (!(err instanceof ArgoCdError && err.operationInProgress)) throw err;
            requested = false;
            await waitForIdle(name, begin, io);
          }
        }
      } catch (err) {
        if (!io.signal.aborted) throw asDeployError(err, name, `sync at ${revision}`);
      }
      // A person's cancel: once our request may have reached Argo CD, the operation it started is ours to stop. A
      // worker stop (detached) leaves it running: the retry re-attaches to it.
      if (requested && !io.detached?.()) await terminate(name);
      throw abortError(io.signal);
    },

    async waitHealthy(ref: DeployRef, expected: DeploymentState, timeoutMs: number, io: DeployIo): Promise<void> {
      const name = deployAppName(ref.service, ref.environment);
      // What we wait on survives a worker stop through the heartbeat: a retry keeps the revision and the deadline.
      const revision = io.resume?.revision ?? synced.get(name);
      const begin = io.resume?.startedAt ?? Date.now();
      const deadline = begin + timeoutMs;
      const progress = (phase: string) => ({ phase, elapsedMs: Date.now() - begin, revision, startedAt: begin });
      let app: Application | undefined;
      let lastError: string | undefined;
      let first = true;
      for (;;) {
        if (io.signal.aborted) {
          // A person's cancel mid-sync: the running operation must not keep going (a stuck "Syncing" outlives the
          // release). A worker stop only ends this wait; the operation goes on and the retry waits for it.
          if (!io.detached?.() && (!app || isRunning(app))) await terminate(name);
          throw abortError(io.signal);
        }
        try {
          // The first read asks for a compare with Git now rather than at Argo CD's next poll.
          app = await client.getApp(name, { refresh: first ? 'normal' : undefined, signal: io.signal });
          first = false;
          lastError = undefined;
        } catch (err) {
          if (io.signal.aborted) continue;
          if (!(err instanceof ArgoCdError && err.transient)) throw asDeployError(err, name, 'read');
          lastError = err.message;
        }
        if (app) {
          const verdict = assess(app, revision);
          if (verdict.done) return;
          if (verdict.failed) {
            const message = `Argo CD app ${name} ${verdict.failed}`;
            throw new DeployError(message, await explainFailure(client, app, options.kubeLogs, expected), 'failed');
          }
          io.heartbeat(progress(`waiting for ${name}: ${verdict.pending.join('; ')}`));
          if (Date.now() >= deadline) {
            const pending = [...verdict.pending, ...(lastError ? [`last error: ${lastError}`] : [])];
            const message = `Argo CD app ${name} not Healthy within ${duration(timeoutMs)}: ${pending.join('; ')}`;
            const diagnosis = await explainFailure(client, app, options.kubeLogs, expected);
            // A stuck operation would block the rollback sync that follows ("another operation is in progress").
            if (isRunning(app) && (await terminate(name)))
              diagnosis.output += '\nThe running operation was terminated.';
            throw new DeployError(message, diagnosis, 'timeout');
          }
        } else {
          // Argo CD unreachable so far: keep trying until the deadline, showing the last error.
          io.heartbeat(progress(`reading ${name}: ${lastError}`));
          if (Date.now() >= deadline) {
            const message = `Argo CD app ${name} not Healthy within ${duration(timeoutMs)}: never read (${lastError})`;
            throw new DeployError(message, { message, output: lastError ?? '' }, 'timeout');
          }
        }
        await sleep(Math.min(pollMs, deadline - Date.now()), io.signal);
      }
    },
  };
}

/**
 * `argocd app wait` semantics: Synced at our revision, Healthy, no operation, the operation finished and one
 * reconcile after it (so health is judged on the new state, not on what ran before the sync).
 */
function assess(app: Application, revision: string | undefined): { done: boolean; failed?: string; pending: string[] } {
  const status = app.status ?? {};
  const op = status.operationState;
  const sync = status.sync?.status ?? 'Unknown';
  const health = status.health?.status ?? 'Unknown';
  // Our commit was synced if the operation carried it, or the app compares at it. status.sync.revision alone can
  // move on to a later commit of the shared GitOps repo (another service's change) and still be Synced.
  const opRevision = op?.syncResult?.revision ?? op?.operation?.sync?.revision;
  const atRevision = !revision || status.sync?.revision === revision || opRevision === revision;
  if (op && (op.phase === 'Failed' || op.phase === 'Error') && (!revision || opRevision === revision)) {
    return { done: false, failed: `sync ${op.phase}${op.message ? `: ${op.message}` : ''}`, pending: [] };
  }
  const finishedAt = op?.finishedAt;
  const reconciled = !!finishedAt && !!status.reconciledAt && Date.parse(status.reconciledAt) >= Date.parse(finishedAt);
  const settled = atRevision && !app.operation && op?.phase === 'Succeeded' && reconciled;
  // Before the sync settles, Degraded may describe the release being replaced (e.g. during a rollback).
  if (settled && health === 'Degraded') {
    return {
      done: false,
      failed: `is Degraded${status.health?.message ? `: ${status.health.message}` : ''}`,
      pending: [],
    };
  }
  const pending: string[] = [];
  if (health !== 'Healthy') pending.push(`health ${health}`);
  if (sync !== 'Synced' || !atRevision) {
    pending.push(
      `sync ${sync} at ${status.sync?.revision ?? 'no revision'}${revision ? `, expected ${revision}` : ''}`,
    );
  }
  if (app.operation || (op && op.phase !== 'Succeeded'))
    pending.push(`operation ${op?.phase ?? 'requested'}${opMessage(app)}`);
  else if (!op) pending.push('no sync operation seen');
  else if (!reconciled) pending.push('not reconciled since the operation finished');
  return { done: pending.length === 0 && settled, pending };
}

const isRunning = (app: Application): boolean => {
  const phase = app.status?.operationState?.phase;
  return !!app.operation || phase === 'Running' || phase === 'Terminating';
};

const opMessage = (app: Application): string => {
  const message = app.status?.operationState?.message;
  return message ? ` (${message})` : '';
};

function duration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${+(ms / 1000).toFixed(1)}s`;
}

/** Refusals that retrying cannot fix become a DeployError (non-retryable, with a clear sentence); others retry. */
function asDeployError(err: unknown, name: string, action: string): unknown {
  if (!(err instanceof ArgoCdError) || err.transient) return err;
  let message = `Argo CD refused ${action} of app ${name}: ${err.message}`;
  if (err.status === 401)
    message = `Argo CD rejected the API token (HTTP 401) on ${action} of app ${name}: ${err.serverMessage}`;
  if (err.status === 403) {
    message = `Argo CD app ${name} does not exist or the token may not use it (HTTP 403 on ${action}: ${err.serverMessage})`;
  }
  if (/auto-sync currently set to/i.test(err.serverMessage)) {
    // Not confirmed against a Gantry-managed app: auto-sync apps tracking a branch reject a sync pinned to a commit.
    message += '; Gantry syncs a pinned GitOps commit, so turn off auto-sync for this app or let it track the commit';
  }
  return new DeployError(message, { message: err.serverMessage, output: '' }, 'failed');
}
