"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createGantryBoard = createGantryBoard;
const node_url_1 = require("node:url");
const board_routes_1 = require("./board-routes");
const gantry_board_source_1 = require("./gantry-board-source");
const git_ops_history_1 = require("./git-ops-history");
/** A bare repository on this machine (`file://…` or a path), whose history the board can read directly. */
function localBareRepo(remote) {
    if (remote.startsWith('file://'))
        return (0, node_url_1.fileURLToPath)(remote);
    return remote.startsWith('/') ? remote : undefined;
}
/** The release board of one API server, from the server's settings: one shared poller, closed with `close()`. */
function createGantryBoard(deps) {
    const { settings } = deps;
    const gitOps = localBareRepo(settings.gitOpsRemote);
    return (0, board_routes_1.createBoardRoutes)({
        source: (0, gantry_board_source_1.createGantryBoardSource)({
            gantry: deps.gantry,
            catalog: deps.catalog,
            temporalUiUrl: settings.temporal.uiUrl,
            namespace: settings.temporal.namespace,
            // A remote GitOps repo (https/ssh) is not read from here: the release page then shows no commits.
            gitOpsHistory: gitOps ? (0, git_ops_history_1.createGitOpsHistory)(gitOps) : undefined,
        }),
        pollIntervalMs: 2000,
        log: deps.log,
    });
}
//# sourceMappingURL=gantry-board.js.map