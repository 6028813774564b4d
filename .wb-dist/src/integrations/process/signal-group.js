"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.signalGroup = signalGroup;
/** Sends a signal to every process of a group (a child spawned `detached` leads one of its own). */
function signalGroup(pgid, signal) {
    try {
        process.kill(-pgid, signal);
    }
    catch {
        // ESRCH: the group is already gone.
    }
}
//# sourceMappingURL=signal-group.js.map