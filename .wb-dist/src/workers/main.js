"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const load_catalog_1 = require("../config/load-catalog");
const settings_1 = require("../config/settings");
const registry_1 = require("../metrics/registry");
const run_main_1 = require("../run-main");
const worker_dependencies_1 = require("./worker-dependencies");
const worker_process_1 = require("./worker-process");
const log = (line) => process.stdout.write(`${line}\n`);
/** A worker process on its own (the Helm chart's worker Deployments), against an existing Temporal cluster. */
async function main() {
    const settings = (0, settings_1.loadSettings)(process.env);
    (0, worker_process_1.installRuntime)(settings);
    const catalog = await (0, load_catalog_1.loadCatalog)(settings.catalogPath);
    const deps = (0, worker_dependencies_1.createWorkerDependencies)(settings, catalog);
    const { worker, close } = await (0, worker_process_1.startWorkerProcess)({
        settings,
        deps,
        metrics: (0, registry_1.createGantryMetrics)({ processMetrics: true }),
        log,
    });
    for (const signal of ['SIGINT', 'SIGTERM'])
        process.once(signal, () => worker.shutdown());
    await worker.run();
    await close();
    await deps.stop();
}
(0, run_main_1.runMain)(main);
//# sourceMappingURL=main.js.map