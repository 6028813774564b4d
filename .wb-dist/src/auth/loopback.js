"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.NAMED_USER_HEADER = void 0;
exports.isLoopbackHost = isLoopbackHost;
const node_net_1 = require("node:net");
/** 127.0.0.0/8, ::1 and localhost: addresses no other machine can reach us on. */
function isLoopbackHost(host) {
    const h = host.replace(/^\[|\]$/g, '').toLowerCase();
    if (h === 'localhost')
        return true;
    if ((0, node_net_1.isIP)(h) === 4)
        return h.startsWith('127.');
    if (h.startsWith('::ffff:'))
        return isLoopbackHost(h.slice('::ffff:'.length));
    return h === '::1';
}
/** Header the CLI sends with `--as` / GANTRY_USER; honoured only in the embedded loopback mode. */
exports.NAMED_USER_HEADER = 'x-gantry-user';
//# sourceMappingURL=loopback.js.map