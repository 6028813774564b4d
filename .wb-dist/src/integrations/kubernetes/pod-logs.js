"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LogFollower = void 0;
exports.linesAlreadyCopied = linesAlreadyCopied;
const node_stream_1 = require("node:stream");
/**
 * Follows one container's log into the log store across dropped connections. Lines are requested with
 * timestamps so that a reconnect (sinceTime, second precision) can drop the lines it already wrote; the
 * timestamps themselves are stripped. `skipLines` drops the first lines of the whole log: a re-attaching
 * worker passes the number of lines an earlier worker already copied for this pod.
 */
class LogFollower {
    k8s;
    config;
    target;
    log;
    lastStamp = '';
    skip;
    partial = '';
    controller;
    streaming;
    finished = false;
    linesWritten = 0;
    constructor(k8s, config, target, log, skipLines) {
        this.k8s = k8s;
        this.config = config;
        this.target = target;
        this.log = log;
        this.skip = skipLines;
    }
    /** Starts following unless a stream is already open. Resolves when that stream ends, for whatever reason. */
    ensure() {
        if (this.finished)
            return Promise.resolve();
        this.streaming ??= this.stream().finally(() => {
            this.streaming = undefined;
            this.controller = undefined;
        });
        return this.streaming;
    }
    /** Waits (bounded) for the open stream to deliver the rest of the log, then stops following. */
    async drain(timeoutMs) {
        const current = this.streaming ?? this.ensure();
        let timer;
        await Promise.race([current, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
        clearTimeout(timer);
        this.stop();
    }
    stop() {
        this.finished = true;
        this.controller?.abort();
        this.flushPartial();
    }
    async stream() {
        let resolveDone;
        const done = new Promise((resolve) => (resolveDone = resolve));
        const sink = new node_stream_1.Writable({
            write: (chunk, _encoding, callback) => {
                this.consume(chunk.toString('utf8'));
                callback();
            },
            final: (callback) => {
                resolveDone();
                callback();
            },
        });
        sink.on('error', () => resolveDone());
        const since = this.lastStamp ? this.lastStamp.slice(0, 19) + 'Z' : undefined;
        try {
            this.controller = await new this.k8s.Log(this.config).log(this.target.namespace, this.target.pod, this.target.container, sink, { follow: true, timestamps: true, sinceTime: since });
        }
        catch {
            // Container not started yet, or the node is unreachable: the executor retries on the next pod change.
            return;
        }
        this.controller.signal.addEventListener('abort', () => resolveDone(), { once: true });
        await done;
    }
    consume(text) {
        const lines = (this.partial + text).split('\n');
        this.partial = lines.pop() ?? '';
        for (const line of lines)
            this.emit(line, true);
    }
    flushPartial() {
        if (!this.partial)
            return;
        const rest = this.partial;
        this.partial = '';
        this.emit(rest, false);
    }
    emit(raw, complete) {
        const space = raw.indexOf(' ');
        const stamp = space > 0 ? normalizeStamp(raw.slice(0, space)) : '';
        const text = stamp ? raw.slice(space + 1) : raw;
        if (stamp && this.lastStamp && stamp <= this.lastStamp)
            return;
        if (stamp)
            this.lastStamp = stamp;
        if (this.skip > 0) {
            this.skip--;
            return;
        }
        this.log.write(complete ? `${text}\n` : text);
        this.linesWritten++;
    }
}
exports.LogFollower = LogFollower;
/** RFC3339 with nanoseconds padded to 9 digits, so stamps compare as strings; '' when it is not a timestamp. */
function normalizeStamp(stamp) {
    const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(stamp);
    if (!match)
        return '';
    return `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}Z`;
}
/**
 * How many container lines an earlier attempt already copied for this pod: the lines after the last
 * "[gantry] pod <name>" marker that are not Gantry's own. Concurrent writers (two live workers) defeat this;
 * then lines may appear twice, never go missing.
 */
function linesAlreadyCopied(existingLog, marker) {
    const at = existingLog.lastIndexOf(marker);
    if (at < 0)
        return 0;
    const after = existingLog.slice(existingLog.indexOf('\n', at) + 1);
    const lines = after.split('\n');
    lines.pop(); // The unterminated rest of a line is written again rather than lost.
    return lines.filter((line) => !line.startsWith('[gantry] ')).length;
}
//# sourceMappingURL=pod-logs.js.map