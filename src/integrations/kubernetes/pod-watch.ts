import type { CoreV1Api, KubeConfig, V1Pod } from '@kubernetes/client-node';
import { isApiException } from './load-client';
import type { K8s } from './load-client';

export interface PodWatchHandlers {
  onPod(pod: V1Pod): void;
  /** The pod is gone; `last` is its final state when the API reported it (a DELETED event carries it). */
  onGone(last: V1Pod | undefined): void;
  onError(err: unknown): void;
}

/**
 * Watches one pod until stopped: read it (a "list" of one, which yields a fresh resourceVersion), then watch
 * from that version. Any end of the stream — the server's timeout, a dropped connection, an ERROR event such
 * as 410 Gone (the version fell out of etcd's window) — leads back to a fresh read, so no change is missed
 * for long. Consecutive failures back off up to `pollMs` × 10.
 */
export function watchPod(
  k8s: K8s,
  config: KubeConfig,
  core: CoreV1Api,
  target: { namespace: string; name: string },
  handlers: PodWatchHandlers,
  options: { pollMs: number; watchTimeoutSeconds?: number },
): { stop(): void } {
  let stopped = false;
  let controller: AbortController | undefined;
  let failures = 0;
  const sleepers = new Set<() => void>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      }
      sleepers.add(done);
    });

  const loop = async (): Promise<void> => {
    while (!stopped) {
      let pod: V1Pod;
      try {
        pod = await core.readNamespacedPod({ name: target.name, namespace: target.namespace });
      } catch (err) {
        if (stopped) return;
        if (isApiException(err) && err.code === 404) return handlers.onGone(undefined);
        if (++failures >= 5) return handlers.onError(err);
        await sleep(Math.min(options.pollMs * 2 ** failures, options.pollMs * 10));
        continue;
      }
      if (stopped) return;
      handlers.onPod(pod);
      const ended = await new Promise<'ended' | 'gone'>((resolve) => {
        new k8s.Watch(config)
          .watch(
            `/api/v1/namespaces/${target.namespace}/pods`,
            {
              fieldSelector: `metadata.name=${target.name}`,
              resourceVersion: pod.metadata?.resourceVersion,
              allowWatchBookmarks: true,
              timeoutSeconds: options.watchTimeoutSeconds ?? 60,
            },
            (type: string, object: V1Pod) => {
              if (stopped) return;
              failures = 0;
              if (type === 'ADDED' || type === 'MODIFIED') handlers.onPod(object);
              else if (type === 'DELETED') {
                resolve('gone');
                handlers.onGone(object);
              }
              // ERROR (410 Gone and friends): abandon this stream and re-read.
              else if (type === 'ERROR') resolve('ended');
            },
            () => resolve('ended'),
          )
          .then(
            (c) => {
              controller = c;
              if (stopped) c.abort();
            },
            () => resolve('ended'),
          );
      });
      controller?.abort();
      controller = undefined;
      if (ended === 'gone') return;
      // A quiet pause between re-reads, so a server that refuses watches is not hammered.
      if (!stopped) await sleep(options.pollMs);
    }
  };
  void loop().catch((err: unknown) => {
    if (!stopped) handlers.onError(err);
  });

  return {
    stop() {
      stopped = true;
      controller?.abort();
      for (const wake of [...sleepers]) wake();
    },
  };
}
