"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createApiClient = createApiClient;
const undici_1 = require("undici");
const loopback_1 = require("../auth/loopback");
/** The CLI's only way in: the Gantry API (which holds the Temporal client and the catalog). */
function createApiClient(baseUrl, credentials = {}) {
    async function call(method, path, body) {
        const token = await credentials.token?.();
        const headers = body === undefined ? {} : { 'content-type': 'application/json' };
        if (token)
            headers.authorization = `Bearer ${token}`;
        if (credentials.user)
            headers[loopback_1.NAMED_USER_HEADER] = credentials.user;
        let res;
        try {
            res = await (0, undici_1.request)(new URL(path, baseUrl), {
                method,
                headers,
                body: body === undefined ? undefined : JSON.stringify(body),
                headersTimeout: 30_000,
                bodyTimeout: 30_000,
            });
        }
        catch (err) {
            throw new Error(`cannot reach the Gantry API at ${baseUrl} (${err.message}); is "npm start" running?`);
        }
        const text = await res.body.text();
        if (res.statusCode >= 400) {
            let message = text;
            try {
                message = JSON.parse(text).error ?? text;
            }
            catch {
                // Not JSON: show the text as it is.
            }
            throw new Error(res.statusCode === 401 ? `not signed in: ${message} (run "gantry login" or set GANTRY_TOKEN)` : message);
        }
        const type = String(res.headers['content-type'] ?? '');
        return (type.startsWith('application/json') ? JSON.parse(text) : text);
    }
    return {
        get: (path) => call('GET', path),
        post: (path, body) => call('POST', path, body),
    };
}
//# sourceMappingURL=api-client.js.map