"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.startSimulatedCluster = startSimulatedCluster;
const node_crypto_1 = require("node:crypto");
const promises_1 = require("node:fs/promises");
const node_path_1 = require("node:path");
const load_catalog_1 = require("../config/load-catalog");
const argocd_server_1 = require("../testing/argocd-server");
const feishu_server_1 = require("../testing/feishu-server");
const sonarqube_server_1 = require("../testing/sonarqube-server");
const secret = (prefix) => `${prefix}-${(0, node_crypto_1.randomBytes)(12).toString('hex')}`;
/** Endpoints the simulation must own: set to something else, they would send Gantry away from the doubles. */
const SIMULATED_ENDPOINTS = ['GANTRY_ARGOCD_URL', 'GANTRY_SONAR_URL', 'GANTRY_FEISHU_BASE_URL'];
const SIMULATED_KINDS = { GANTRY_DEPLOY_TARGET: 'argocd', GANTRY_QUALITY_GATE: 'sonarqube', GANTRY_NOTIFIER: 'feishu' };
/**
 * Settings the person set themselves are kept: the doubles take their secrets (tokens, Feishu app and keys) so
 * that what they configured is what runs. What cannot be kept (an endpoint or kind the simulation replaces) is
 * refused with the variable named, never silently overridden.
 */
function simulationConflicts(userEnv) {
    const problems = [];
    for (const name of SIMULATED_ENDPOINTS) {
        if (userEnv[name])
            problems.push({
                path: name,
                message: 'GANTRY_SIMULATE=1 runs its own double here: unset it, or unset GANTRY_SIMULATE',
            });
    }
    for (const [name, kind] of Object.entries(SIMULATED_KINDS)) {
        const value = userEnv[name];
        if (value && value !== kind)
            problems.push({ path: name, message: `GANTRY_SIMULATE=1 simulates ${kind}, not "${value}": unset one of them` });
    }
    return problems;
}
/**
 * `GANTRY_SIMULATE=1`: the Argo CD, SonarQube and Feishu doubles of the tests as a "simulated cluster" for demos,
 * on free ports of 127.0.0.1. Every app syncs healthy, every analysis passes, and the chat is printed through `log`
 * (and served as JSON at `<feishu>/cards`). `apiUrl` is Gantry's, where simulated card clicks are delivered.
 */
async function startSimulatedCluster(opts) {
    const user = opts.userEnv ?? {};
    const problems = simulationConflicts(user);
    if (problems.length > 0)
        throw new load_catalog_1.ConfigError('environment (GANTRY_SIMULATE=1)', problems);
    const argoToken = user.GANTRY_ARGOCD_TOKEN || secret('argo');
    const sonarToken = user.GANTRY_SONAR_TOKEN || secret('squ');
    const feishu = {
        appId: user.GANTRY_FEISHU_APP_ID || 'cli_gantry_sim',
        appSecret: user.GANTRY_FEISHU_APP_SECRET || secret('app'),
        chatId: user.GANTRY_FEISHU_CHAT_ID || 'oc_gantry_sim',
        verificationToken: user.GANTRY_FEISHU_VERIFICATION_TOKEN || secret('v'),
        encryptKey: user.GANTRY_FEISHU_ENCRYPT_KEY || secret('e'),
    };
    const scannerDir = (0, node_path_1.join)(opts.dataDir, 'simulated');
    await (0, promises_1.mkdir)(scannerDir, { recursive: true });
    const [argo, sonar, chat] = await Promise.all([
        (0, argocd_server_1.startArgoCdServer)({ token: argoToken, autoRegister: 'healthy' }),
        (0, sonarqube_server_1.startSonarQubeDouble)({ token: sonarToken, defaultScript: 'pass' }),
        (0, feishu_server_1.startFeishuDouble)({
            appId: feishu.appId,
            appSecret: feishu.appSecret,
            log: opts.log,
            callback: {
                url: `${opts.apiUrl.replace(/\/$/, '')}/hooks/feishu/card`,
                verificationToken: feishu.verificationToken,
                encryptKey: feishu.encryptKey,
            },
        }),
    ]);
    const env = {
        GANTRY_DEPLOY_TARGET: 'argocd',
        GANTRY_ARGOCD_URL: argo.url,
        GANTRY_ARGOCD_TOKEN: argoToken,
        GANTRY_ARGOCD_POLL: '500ms',
        GANTRY_QUALITY_GATE: 'sonarqube',
        GANTRY_SONAR_URL: sonar.url,
        GANTRY_SONAR_TOKEN: sonarToken,
        GANTRY_SONAR_POLL: '500ms',
        GANTRY_SONAR_SCANNER: await (0, sonarqube_server_1.writeFakeScanner)(scannerDir),
        GANTRY_NOTIFIER: 'feishu',
        GANTRY_FEISHU_BASE_URL: chat.url,
        GANTRY_FEISHU_APP_ID: feishu.appId,
        GANTRY_FEISHU_APP_SECRET: feishu.appSecret,
        GANTRY_FEISHU_CHAT_ID: feishu.chatId,
        GANTRY_FEISHU_VERIFICATION_TOKEN: feishu.verificationToken,
        GANTRY_FEISHU_ENCRYPT_KEY: feishu.encryptKey,
    };
    return {
        env,
        urls: { argocd: argo.url, sonarqube: sonar.url, feishu: chat.url },
        close: async () => {
            await Promise.all([argo.close(), sonar.close(), chat.close()]);
        },
    };
}
//# sourceMappingURL=simulated-cluster.js.map