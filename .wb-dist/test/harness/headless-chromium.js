"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CHROMIUM_PATH = void 0;
exports.launchChromium = launchChromium;
const promises_1 = require("node:fs/promises");
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
const playwright_core_1 = require("playwright-core");
/** Debian's chromium (scripts/install-system-packages.sh); playwright-core never downloads a browser here. */
exports.CHROMIUM_PATH = '/usr/bin/chromium';
const ARGS = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
];
/** A headless chromium with a throw-away profile (its --user-data-dir), for the board's browser tests and bench. */
async function launchChromium() {
    const profile = await (0, promises_1.mkdtemp)((0, node_path_1.join)((0, node_os_1.tmpdir)(), 'gantry-chromium-'));
    // launchPersistentContext passes the profile as --user-data-dir (plain launch() refuses that flag).
    const context = await playwright_core_1.chromium.launchPersistentContext(profile, {
        executablePath: exports.CHROMIUM_PATH,
        headless: true,
        args: ARGS,
        viewport: { width: 1280, height: 900 },
    });
    return {
        context,
        async close() {
            await context.close();
            await (0, promises_1.rm)(profile, { recursive: true, force: true });
        },
    };
}
//# sourceMappingURL=headless-chromium.js.map