"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.createPreviewPorts = createPreviewPorts;
const node_fs_1 = require("node:fs");
const promises_1 = require("node:fs/promises");
const node_net_1 = __importDefault(require("node:net"));
const node_path_1 = __importDefault(require("node:path"));
/**
 * Port pairs for the embedded mode's preview environments, allocated per service and environment and kept in a
 * file until the preview closes: two open previews never share a pair, and a restart finds each at its port.
 */
function createPreviewPorts(opts) {
    const key = (ref) => `${ref.environment}/${ref.service}`;
    const allocated = new Map(Object.entries(load(opts.file)));
    /** One change at a time: two previews opening together must not both take the same free pair. */
    let turn = Promise.resolve();
    const serially = (fn) => {
        const next = turn.then(fn, fn);
        turn = next.catch(() => undefined);
        return next;
    };
    const save = async () => {
        await (0, promises_1.mkdir)(node_path_1.default.dirname(opts.file), { recursive: true });
        const temp = `${opts.file}.${process.pid}.tmp`;
        await (0, promises_1.writeFile)(temp, `${JSON.stringify(Object.fromEntries(allocated), null, 2)}\n`);
        await (0, promises_1.rename)(temp, opts.file);
    };
    const pairOf = (slot) => ({ stable: opts.first + slot * 2, gray: opts.first + slot * 2 + 1 });
    return {
        /** The pair of an open preview, if it has one. */
        lookup: (ref) => allocated.get(key(ref)),
        /** The pair of `ref`: the one it has, or a free one (not allocated, nothing else listening on it). */
        allocate: (ref) => serially(async () => {
            const have = allocated.get(key(ref));
            if (have)
                return have;
            const taken = new Set([...allocated.values()].map((p) => p.stable));
            const preferred = ((opts.preferredSlot?.(ref) ?? 0) % opts.slots) + opts.slots;
            for (let i = 0; i < opts.slots; i++) {
                const pair = pairOf((preferred + i) % opts.slots);
                if (taken.has(pair.stable) || !(await canListen(pair.stable)) || !(await canListen(pair.gray)))
                    continue;
                allocated.set(key(ref), pair);
                await save();
                return pair;
            }
            throw new Error(`no free preview port pair for ${ref.service} ${ref.environment}: all ${opts.slots} pairs from ` +
                `:${opts.first} are taken (${allocated.size} previews open); close some merge requests`);
        }),
        /** Frees the pair of a closed preview. */
        release: (ref) => serially(async () => {
            if (allocated.delete(key(ref)))
                await save();
        }),
        /** The previews holding a pair: what a restart brings back. */
        open: () => [...allocated.keys()].map((k) => {
            const [environment = '', service = ''] = k.split('/');
            return { service, environment };
        }),
    };
}
function load(file) {
    try {
        return JSON.parse((0, node_fs_1.readFileSync)(file, 'utf8'));
    }
    catch {
        return {};
    }
}
/** Whether nothing else listens on the port now (another program, or a preview's process from before a crash). */
function canListen(port) {
    return new Promise((resolve) => {
        const server = node_net_1.default.createServer();
        server.once('error', () => resolve(false));
        server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
}
//# sourceMappingURL=preview-ports.js.map