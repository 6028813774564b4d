"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.projectToolsBin = projectToolsBin;
exports.setUpTool = setUpTool;
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
/** The project's .tools/bin, where set-up puts what it builds; found from this file from src/ (ts) or dist/ (js). */
function projectToolsBin() {
    for (let dir = __dirname; dir !== (0, node_path_1.dirname)(dir); dir = (0, node_path_1.dirname)(dir)) {
        const bin = (0, node_path_1.join)(dir, '.tools', 'bin');
        if ((0, node_fs_1.existsSync)((0, node_path_1.join)(dir, 'package.json')) && (0, node_fs_1.existsSync)(bin))
            return bin;
    }
    return undefined;
}
/**
 * A tool the project's set-up (scripts/setup.sh on `npm install`) builds into .tools/bin, cached per machine: an
 * explicit path, else that build, else the tool on PATH. When there is none, a name that says the fix, which is
 * what the first run of it then reports.
 */
function setUpTool(name, explicit) {
    if (explicit)
        return explicit;
    const bin = projectToolsBin();
    if (bin && (0, node_fs_1.existsSync)((0, node_path_1.join)(bin, name)))
        return (0, node_path_1.join)(bin, name);
    try {
        return (0, node_child_process_1.execFileSync)('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    }
    catch {
        return `${name} (not built: run "npm install", which builds it into .tools/bin)`;
    }
}
//# sourceMappingURL=set-up-tool.js.map