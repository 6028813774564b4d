import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** More fields of the JSON answer beside `error`, e.g. the `rule` of a 403. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The most any route reads of a request body. */
const BODY_LIMIT = 1024 * 1024;

/** A header's value; a repeated header counts by its first value. */
export function firstHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The raw body (signatures are computed over bytes), at most `limit` bytes. Unlike iterating the request, an
 * oversized body does not destroy the socket, so the sender still reads the 413 (the server closes the connection
 * after it).
 */
export function readBody(req: IncomingMessage, limit = BODY_LIMIT): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new HttpError(413, `body larger than ${limit} bytes`);
    if (Number(req.headers['content-length'] ?? 0) > limit) return reject(tooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | undefined, body?: Buffer) => {
      if (done) return;
      done = true;
      if (err) reject(err);
      else resolve(body ?? Buffer.alloc(0));
    };
    // Past the limit the rest is read and dropped until the answer is out and the connection closes.
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) return finish(tooLarge());
      chunks.push(chunk);
    });
    req.on('end', () => finish(undefined, Buffer.concat(chunks)));
    req.on('error', (err) => finish(err));
    req.on('close', () => finish(new Error('request aborted before its body was complete')));
  });
}

export function parseJson(body: Buffer, req: IncomingMessage): unknown {
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    throw new HttpError(415, `content-type must be application/json, got "${type || 'none'}"`);
  }
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new HttpError(400, `malformed JSON: ${(err as Error).message}`);
  }
}

/** The body of a JSON API request, parsed. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  return parseJson(await readBody(req), req);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

export function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
