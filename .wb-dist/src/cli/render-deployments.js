"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.renderDeployments = renderDeployments;
const promotion_1 = require("../domain/promotion");
/** The usual order of a delivery chain; other environments follow alphabetically. */
const CHAIN = ['dev', 'test', 'pre', 'prod'];
const order = (a, b) => {
    const [i, j] = [CHAIN.indexOf(a), CHAIN.indexOf(b)];
    if (i >= 0 && j >= 0)
        return i - j;
    if (i >= 0 || j >= 0)
        return i >= 0 ? -1 : 1;
    return a.localeCompare(b);
};
/**
 * `gantry list --by-service`: one row per service, one column per environment with the short image running
 * healthy there, so one digest can be seen travelling dev → test → pre → prod. A digest seen in an earlier column
 * is marked `=` with its column, so a promoted build reads at a glance.
 */
function renderDeployments(deployed) {
    const services = Object.keys(deployed).sort();
    if (services.length === 0)
        return ['no successful releases yet'];
    const envs = [...new Set(services.flatMap((s) => Object.keys(deployed[s] ?? {})))].sort(order);
    const cell = (service, env) => {
        const run = deployed[service]?.[env];
        if (!run)
            return '-';
        const earlier = envs
            .slice(0, envs.indexOf(env))
            .find((e) => deployed[service]?.[e] && (0, promotion_1.imageIdentity)(deployed[service][e].image) === (0, promotion_1.imageIdentity)(run.image));
        return earlier ? `= ${earlier}` : (0, promotion_1.shortNamedImage)(run.image);
    };
    const rows = [
        ['SERVICE', ...envs.map((e) => e.toUpperCase())],
        ...services.map((s) => [s, ...envs.map((e) => cell(s, e))]),
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) => r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd());
}
//# sourceMappingURL=render-deployments.js.map