"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.credentialsPath = credentialsPath;
exports.readCredentials = readCredentials;
exports.saveLogin = saveLogin;
const promises_1 = require("node:fs/promises");
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
const node_crypto_1 = require("node:crypto");
/** $XDG_CONFIG_HOME/gantry/credentials.json (~/.config when unset), the place other CLIs keep tokens too. */
function credentialsPath(env) {
    const base = env.XDG_CONFIG_HOME || (0, node_path_1.join)(env.HOME || (0, node_os_1.homedir)(), '.config');
    return (0, node_path_1.join)(base, 'gantry', 'credentials.json');
}
async function readCredentials(path) {
    try {
        return JSON.parse(await (0, promises_1.readFile)(path, 'utf8'));
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return {};
        throw new Error(`cannot read ${path}: ${err.message}; delete it and run "gantry login" again`);
    }
}
/** Written with mode 0600 in a 0700 directory, atomically: tokens are as good as a password. */
async function saveLogin(path, apiUrl, login) {
    const all = await readCredentials(path);
    if (login)
        all[apiUrl] = login;
    else
        delete all[apiUrl];
    await (0, promises_1.mkdir)((0, node_path_1.dirname)(path), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${(0, node_crypto_1.randomBytes)(4).toString('hex')}.tmp`;
    await (0, promises_1.writeFile)(tmp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
    await (0, promises_1.chmod)(tmp, 0o600);
    await (0, promises_1.rename)(tmp, path);
}
//# sourceMappingURL=credentials.js.map