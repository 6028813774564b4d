"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.watchPod = watchPod;
const load_client_1 = require("./load-client");
/**
 * Watches one pod until stopped: read it (a "list" of one, which yields a fresh resourceVersion), then watch
 * from that version. Any end of the stream — the server's timeout, a dropped connection, an ERROR event such
 * as 410 Gone (the version fell out of etcd's window) — leads back to a fresh read, so no change is missed
 * for long. Consecutive failures back off up to `pollMs` × 10.
 */
function watchPod(k8s, config, core, target, handlers, options) {
    let stopped = false;
    let controller;
    let failures = 0;
    const sleepers = new Set();
    const sleep = (ms) => new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
            clearTimeout(timer);
            sleepers.delete(done);
            resolve();
        }
        sleepers.add(done);
    });
    const loop = async () => {
        while (!stopped) {
            let pod;
            try {
                pod = await core.readNamespacedPod({ name: target.name, namespace: target.namespace });
            }
            catch (err) {
                if (stopped)
                    return;
                if ((0, load_client_1.isApiException)(err) && err.code === 404)
                    return handlers.onGone(undefined);
                if (++failures >= 5)
                    return handlers.onError(err);
                await sleep(Math.min(options.pollMs * 2 ** failures, options.pollMs * 10));
                continue;
            }
            if (stopped)
                return;
            handlers.onPod(pod);
            const ended = await new Promise((resolve) => {
                new k8s.Watch(config)
                    .watch(`/api/v1/namespaces/${target.namespace}/pods`, {
                    fieldSelector: `metadata.name=${target.name}`,
                    resourceVersion: pod.metadata?.resourceVersion,
                    allowWatchBookmarks: true,
                    timeoutSeconds: options.watchTimeoutSeconds ?? 60,
                }, (type, object) => {
                    if (stopped)
                        return;
                    failures = 0;
                    if (type === 'ADDED' || type === 'MODIFIED')
                        handlers.onPod(object);
                    else if (type === 'DELETED') {
                        resolve('gone');
                        handlers.onGone(object);
                    }
                    // ERROR (410 Gone and friends): abandon this stream and re-read.
                    else if (type === 'ERROR')
                        resolve('ended');
                }, () => resolve('ended'))
                    .then((c) => {
                    controller = c;
                    if (stopped)
                        c.abort();
                }, () => resolve('ended'));
            });
            controller?.abort();
            controller = undefined;
            if (ended === 'gone')
                return;
            // A quiet pause between re-reads, so a server that refuses watches is not hammered.
            if (!stopped)
                await sleep(options.pollMs);
        }
    };
    void loop().catch((err) => {
        if (!stopped)
            handlers.onError(err);
    });
    return {
        stop() {
            stopped = true;
            controller?.abort();
            for (const wake of [...sleepers])
                wake();
        },
    };
}
//# sourceMappingURL=pod-watch.js.map