import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogStore, LogWriter } from '../../ports/log-store';

/** The most a tail returns: enough to explain a failure, small enough for workflow history and notifications. */
const TAIL_MAX_BYTES = 8 * 1024;

/**
 * Logs as plain files in one directory. Ids come from workflow ids and may hold `/`, `:` and the like, so each
 * id maps to a readable slug (for people browsing the directory) plus a hash of the exact id (so distinct ids
 * that slug alike never share a file).
 */
export function createFileLogStore(dir: string): LogStore {
  const pathOf = (logId: string): string => join(dir, logFileName(logId));

  return {
    open(logId: string): LogWriter {
      mkdirSync(dir, { recursive: true });
      // 'a': a retried activity reopens the same id and must not wipe what the failed attempt wrote.
      const stream = createWriteStream(pathOf(logId), { flags: 'a' });
      let error: Error | undefined;
      stream.on('error', (err) => (error ??= err));
      let closed: Promise<void> | undefined;
      return {
        write(chunk: string | Buffer): void {
          // Late output (e.g. a stray data event after close) is dropped rather than crashing the stream.
          if (closed === undefined && !stream.destroyed) stream.write(chunk);
        },
        close(): Promise<void> {
          closed ??= new Promise<void>((resolve, reject) => {
            const done = (): void => (error ? reject(error) : resolve());
            // 'close' comes after the data is flushed and the descriptor released, so a read right after sees it all.
            if (stream.closed) done();
            else {
              stream.once('close', done);
              stream.end();
            }
          });
          return closed;
        },
      };
    },

    async read(logId: string): Promise<string> {
      try {
        return await readFile(pathOf(logId), 'utf8');
      } catch (err) {
        if (isNotFound(err)) return '';
        throw err;
      }
    },

    async tail(logId: string, lines = 40): Promise<string> {
      if (lines <= 0) return '';
      let handle;
      try {
        handle = await open(pathOf(logId), 'r');
      } catch (err) {
        if (isNotFound(err)) return '';
        throw err;
      }
      try {
        // Read only the end: a build log can be hundreds of megabytes.
        const { size } = await handle.stat();
        const length = Math.min(size, TAIL_MAX_BYTES);
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, size - length);
        return lastLines(buffer.subarray(0, bytesRead), lines, size > length);
      } finally {
        await handle.close();
      }
    },
  };
}

export function logFileName(logId: string): string {
  const slug =
    logId
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[._]+/, '')
      .slice(0, 80) || 'log';
  const hash = createHash('sha256').update(logId).digest('hex').slice(0, 12);
  return `${slug}-${hash}.log`;
}

function lastLines(bytes: Buffer, lines: number, truncated: boolean): string {
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

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
