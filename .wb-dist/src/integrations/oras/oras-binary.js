"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.orasBinary = orasBinary;
const set_up_tool_1 = require("../process/set-up-tool");
/**
 * The oras CLI the package store runs: an explicit path, else the one scripts/build-oras.sh put in
 * the project's .tools/bin, else oras on PATH. A missing one is named with the fix when a package is pushed.
 */
function orasBinary(explicit) {
    return (0, set_up_tool_1.setUpTool)('oras', explicit);
}
//# sourceMappingURL=oras-binary.js.map