"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.runMain = runMain;
const load_catalog_1 = require("./config/load-catalog");
/** Runs a process entry point: invalid configuration prints its problem list alone, anything else its stack. */
function runMain(main) {
    main().catch((err) => {
        process.stderr.write(`${err instanceof load_catalog_1.ConfigError ? err.message : (err.stack ?? String(err))}\n`);
        process.exit(1);
    });
}
//# sourceMappingURL=run-main.js.map