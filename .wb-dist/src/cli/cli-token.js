"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createCliTokenSource = createCliTokenSource;
const credentials_1 = require("./credentials");
const device_login_1 = require("./device-login");
/** JWT access tokens go to the API as they are; an opaque one (GitLab's) is useless to us, so send the ID token. */
function bearerOf(login) {
    return login.accessToken.split('.').length === 3 || !login.idToken ? login.accessToken : login.idToken;
}
/**
 * The bearer token the CLI sends: GANTRY_TOKEN, else the stored `gantry login`, refreshed (and saved) when it
 * expires within a minute. Undefined when there is neither: the embedded mode needs none.
 */
function createCliTokenSource(o) {
    const now = o.now ?? (() => new Date());
    return async () => {
        if (o.envToken)
            return o.envToken;
        const login = (await (0, credentials_1.readCredentials)(o.credentialsFile))[o.apiUrl];
        if (!login)
            return undefined;
        if (Date.parse(login.expiresAt) - now().getTime() > 60_000)
            return bearerOf(login);
        const fresh = await (0, device_login_1.refreshLogin)(login, o.fetch, now());
        if (!fresh)
            throw new Error(`your login to ${o.apiUrl} expired and could not be refreshed: run "gantry login"`);
        await (0, credentials_1.saveLogin)(o.credentialsFile, o.apiUrl, fresh);
        return bearerOf(fresh);
    };
}
//# sourceMappingURL=cli-token.js.map