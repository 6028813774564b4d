"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.deviceLogin = deviceLogin;
exports.refreshLogin = refreshLogin;
const promises_1 = require("node:timers/promises");
async function postForm(fetchFn, url, form) {
    const res = await fetchFn(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    try {
        return [res.status, JSON.parse(text)];
    }
    catch {
        return [res.status, { error: 'invalid_response', error_description: text.slice(0, 200) }];
    }
}
function toLogin(o, t, old) {
    if (!t.access_token)
        throw new Error('the provider answered without an access token');
    return {
        issuer: o.provider.issuer,
        clientId: o.clientId,
        tokenEndpoint: o.provider.token_endpoint,
        accessToken: t.access_token,
        idToken: t.id_token ?? old?.idToken,
        // Providers that rotate refresh tokens send a new one; the others keep the old one valid.
        refreshToken: t.refresh_token ?? old?.refreshToken,
        expiresAt: new Date(o.now.getTime() + (t.expires_in ?? 300) * 1000).toISOString(),
    };
}
/** OAuth 2.0 Device Authorization Grant (RFC 8628): show a code, poll the token endpoint until approved. */
async function deviceLogin(o) {
    const fetchFn = o.fetch ?? fetch;
    const sleep = o.sleep ?? ((ms) => (0, promises_1.setTimeout)(ms));
    const now = o.now ?? (() => new Date());
    const endpoint = o.provider.device_authorization_endpoint;
    if (!endpoint)
        throw new Error(`${o.provider.issuer} does not offer the device authorization grant`);
    const form = { client_id: o.clientId, scope: o.scopes };
    if (o.audience)
        form.audience = o.audience;
    const [status, started] = (await postForm(fetchFn, endpoint, form));
    if (status !== 200 || !started.device_code || !started.user_code || !started.verification_uri) {
        throw new Error(`the provider refused the device login: ${started.error_description ?? started.error ?? status}`);
    }
    o.prompt(started.verification_uri, started.user_code, started.verification_uri_complete);
    let intervalMs = (started.interval ?? 5) * 1000;
    const deadline = now().getTime() + (started.expires_in ?? 600) * 1000;
    for (;;) {
        await sleep(intervalMs);
        if (now().getTime() > deadline)
            throw new Error('the login code expired before it was approved; run "gantry login" again');
        const [, answer] = await postForm(fetchFn, o.provider.token_endpoint, {
            grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
            device_code: started.device_code,
            client_id: o.clientId,
        });
        if (answer.access_token)
            return toLogin({ ...o, now: now() }, answer);
        if (answer.error === 'authorization_pending')
            continue;
        // RFC 8628 §3.5: slow down by five seconds for this and every later poll.
        if (answer.error === 'slow_down') {
            intervalMs += 5000;
            continue;
        }
        if (answer.error === 'access_denied')
            throw new Error('the login was denied');
        if (answer.error === 'expired_token')
            throw new Error('the login code expired; run "gantry login" again');
        throw new Error(`login failed: ${answer.error_description ?? answer.error ?? 'no token'}`);
    }
}
/** A fresh access token from the refresh token (RFC 6749 §6); undefined when the provider refuses it. */
async function refreshLogin(login, fetchFn = fetch, now = new Date()) {
    if (!login.refreshToken)
        return undefined;
    const [status, answer] = await postForm(fetchFn, login.tokenEndpoint, {
        grant_type: 'refresh_token',
        refresh_token: login.refreshToken,
        client_id: login.clientId,
    });
    if (status !== 200 || !answer.access_token)
        return undefined;
    const provider = { issuer: login.issuer, token_endpoint: login.tokenEndpoint, jwks_uri: '' };
    return toLogin({ provider, clientId: login.clientId, now }, answer, login);
}
//# sourceMappingURL=device-login.js.map