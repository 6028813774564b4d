"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * `node dist/bench/bundle.js <out.js>`: bundles the benchmark's workflow code (Gantry's workflows plus the bare
 * baseline) into one file. The benchmark runs this as a child process so webpack's memory stays out of the
 * worker's RSS.
 */
const node_fs_1 = require("node:fs");
const worker_1 = require("@temporalio/worker");
async function main() {
    const out = process.argv[2];
    if (!out)
        throw new Error('usage: node dist/bench/bundle.js <out.js>');
    const { code } = await (0, worker_1.bundleWorkflowCode)({
        // A second argument names another entry (e.g. ./window-bench-workflows for the window-opening bench).
        workflowsPath: require.resolve(process.argv[3] ?? './bench-workflows'),
        logger: new worker_1.DefaultLogger('WARN'),
    });
    (0, node_fs_1.writeFileSync)(out, code);
}
main().catch((err) => {
    process.stderr.write(`bundling failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
});
//# sourceMappingURL=bundle.js.map