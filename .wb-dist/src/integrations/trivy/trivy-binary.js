"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.trivyBinary = trivyBinary;
const set_up_tool_1 = require("../process/set-up-tool");
/**
 * The trivy the gate runs: an explicit path (GANTRY_TRIVY), else the one scripts/build-trivy.sh put in the
 * project's .tools/bin, else trivy on PATH. A missing one is named with the fix when the scan runs.
 */
function trivyBinary(explicit) {
    return (0, set_up_tool_1.setUpTool)('trivy', explicit);
}
//# sourceMappingURL=trivy-binary.js.map