"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.HttpError = void 0;
exports.firstHeader = firstHeader;
exports.readBody = readBody;
exports.parseJson = parseJson;
exports.readJson = readJson;
exports.sendJson = sendJson;
exports.sendText = sendText;
class HttpError extends Error {
    status;
    details;
    constructor(status, message, 
    /** More fields of the JSON answer beside `error`, e.g. the `rule` of a 403. */
    details) {
        super(message);
        this.status = status;
        this.details = details;
    }
}
exports.HttpError = HttpError;
/** The most any route reads of a request body. */
const BODY_LIMIT = 1024 * 1024;
/** A header's value; a repeated header counts by its first value. */
function firstHeader(headers, name) {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
}
/**
 * The raw body (signatures are computed over bytes), at most `limit` bytes. Unlike iterating the request, an
 * oversized body does not destroy the socket, so the sender still reads the 413 (the server closes the connection
 * after it).
 */
function readBody(req, limit = BODY_LIMIT) {
    return new Promise((resolve, reject) => {
        const tooLarge = () => new HttpError(413, `body larger than ${limit} bytes`);
        if (Number(req.headers['content-length'] ?? 0) > limit)
            return reject(tooLarge());
        const chunks = [];
        let size = 0;
        let done = false;
        const finish = (err, body) => {
            if (done)
                return;
            done = true;
            if (err)
                reject(err);
            else
                resolve(body ?? Buffer.alloc(0));
        };
        // Past the limit the rest is read and dropped until the answer is out and the connection closes.
        req.on('data', (chunk) => {
            if (done)
                return;
            size += chunk.length;
            if (size > limit)
                return finish(tooLarge());
            chunks.push(chunk);
        });
        req.on('end', () => finish(undefined, Buffer.concat(chunks)));
        req.on('error', (err) => finish(err));
        req.on('close', () => finish(new Error('request aborted before its body was complete')));
    });
}
function parseJson(body, req) {
    const type = req.headers['content-type'] ?? '';
    if (!type.toLowerCase().startsWith('application/json')) {
        throw new HttpError(415, `content-type must be application/json, got "${type || 'none'}"`);
    }
    try {
        return JSON.parse(body.toString('utf8'));
    }
    catch (err) {
        throw new HttpError(400, `malformed JSON: ${err.message}`);
    }
}
/** The body of a JSON API request, parsed. */
async function readJson(req) {
    return parseJson(await readBody(req), req);
}
function sendJson(res, status, value) {
    const body = JSON.stringify(value);
    res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
    });
    res.end(body);
}
function sendText(res, status, text, type = 'text/plain; charset=utf-8') {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
    res.end(text);
}
//# sourceMappingURL=http-io.js.map