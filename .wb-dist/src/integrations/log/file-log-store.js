"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createFileLogStore = createFileLogStore;
exports.logFileName = logFileName;
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const promises_1 = require("node:fs/promises");
const node_path_1 = require("node:path");
/** The most a tail returns: enough to explain a failure, small enough for workflow history and notifications. */
const TAIL_MAX_BYTES = 8 * 1024;
/**
 * Logs as plain files in one directory. Ids come from workflow ids and may hold `/`, `:` and the like, so each
 * id maps to a readable slug (for people browsing the directory) plus a hash of the exact id (so distinct ids
 * that slug alike never share a file).
 */
function createFileLogStore(dir) {
    const pathOf = (logId) => (0, node_path_1.join)(dir, logFileName(logId));
    return {
        open(logId) {
            (0, node_fs_1.mkdirSync)(dir, { recursive: true });
            // 'a': a retried activity reopens the same id and must not wipe what the failed attempt wrote.
            const stream = (0, node_fs_1.createWriteStream)(pathOf(logId), { flags: 'a' });
            let error;
            stream.on('error', (err) => (error ??= err));
            let closed;
            return {
                write(chunk) {
                    // Late output (e.g. a stray data event after close) is dropped rather than crashing the stream.
                    if (closed === undefined && !stream.destroyed)
                        stream.write(chunk);
                },
                close() {
                    closed ??= new Promise((resolve, reject) => {
                        const done = () => (error ? reject(error) : resolve());
                        // 'close' comes after the data is flushed and the descriptor released, so a read right after sees it all.
                        if (stream.closed)
                            done();
                        else {
                            stream.once('close', done);
                            stream.end();
                        }
                    });
                    return closed;
                },
            };
        },
        async read(logId) {
            try {
                return await (0, promises_1.readFile)(pathOf(logId), 'utf8');
            }
            catch (err) {
                if (isNotFound(err))
                    return '';
                throw err;
            }
        },
        async tail(logId, lines = 40) {
            if (lines <= 0)
                return '';
            let handle;
            try {
                handle = await (0, promises_1.open)(pathOf(logId), 'r');
            }
            catch (err) {
                if (isNotFound(err))
                    return '';
                throw err;
            }
            try {
                // Read only the end: a build log can be hundreds of megabytes.
                const { size } = await handle.stat();
                const length = Math.min(size, TAIL_MAX_BYTES);
                const buffer = Buffer.alloc(length);
                const { bytesRead } = await handle.read(buffer, 0, length, size - length);
                return lastLines(buffer.subarray(0, bytesRead), lines, size > length);
            }
            finally {
                await handle.close();
            }
        },
    };
}
function logFileName(logId) {
    const slug = logId
        .replace(/[^A-Za-z0-9._-]+/g, '_')
        .replace(/^[._]+/, '')
        .slice(0, 80) || 'log';
    const hash = (0, node_crypto_1.createHash)('sha256').update(logId).digest('hex').slice(0, 12);
    return `${slug}-${hash}.log`;
}
function lastLines(bytes, lines, truncated) {
    let text = bytes.toString('utf8');
    if (truncated) {
        // The window starts mid-file: drop the partial first line (and with it any split UTF-8 sequence), unless
        // the window is all one giant line, in which case its end is still the most useful part.
        const newline = text.indexOf('\n');
        text = newline >= 0 && newline < text.length - 1 ? text.slice(newline + 1) : text.replace(/^\uFFFD+/, '');
    }
    const all = text.replace(/\r?\n$/, '').split(/\r?\n/);
    return all.slice(-lines).join('\n');
}
function isNotFound(err) {
    return err?.code === 'ENOENT';
}
//# sourceMappingURL=file-log-store.js.map