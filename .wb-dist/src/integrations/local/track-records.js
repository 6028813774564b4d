"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.TRACKS = void 0;
exports.listTrackTargets = listTrackTargets;
exports.readRecord = readRecord;
exports.writeRecord = writeRecord;
exports.stateFiles = stateFiles;
exports.logTail = logTail;
const node_fs_1 = require("node:fs");
const promises_1 = require("node:fs/promises");
const node_path_1 = __importDefault(require("node:path"));
exports.TRACKS = ['stable', 'gray'];
const TAIL_LINES = 40;
/** What runs now, from the state files: the targets Prometheus should scrape in the embedded mode. */
async function listTrackTargets(runDir) {
    const targets = [];
    for (const file of await stateFiles(runDir)) {
        const record = await readRecord(file);
        if (!record)
            continue;
        const [environment = '', service = ''] = node_path_1.default.relative(runDir, node_path_1.default.dirname(file)).split(node_path_1.default.sep);
        const track = node_path_1.default.basename(file, '.json');
        targets.push({ address: `127.0.0.1:${record.port}`, labels: { service, environment, track, image: record.image } });
    }
    return targets;
}
async function readRecord(file) {
    try {
        return JSON.parse(await (0, promises_1.readFile)(file, 'utf8'));
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return undefined;
        throw err;
    }
}
async function writeRecord(file, record) {
    await (0, promises_1.mkdir)(node_path_1.default.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await (0, promises_1.writeFile)(tmp, JSON.stringify(record, null, 2) + '\n');
    await (0, promises_1.rename)(tmp, file);
}
/** `<runDir>/<env>/<service>/<track>.json` */
async function stateFiles(runDir) {
    const list = async (dir) => (0, promises_1.readdir)(dir).catch(() => []);
    const files = [];
    for (const env of await list(runDir)) {
        for (const service of await list(node_path_1.default.join(runDir, env))) {
            for (const track of exports.TRACKS) {
                const file = node_path_1.default.join(runDir, env, service, `${track}.json`);
                if ((0, node_fs_1.existsSync)(file))
                    files.push(file);
            }
        }
    }
    return files;
}
/** The last lines of a track's output: enough to see why it failed. */
async function logTail(record) {
    const file = node_path_1.default.join(record.dir, 'logs', 'stdout.log');
    try {
        const handle = await (0, promises_1.open)(file, 'r');
        try {
            const { size } = await handle.stat();
            const length = Math.min(size, 64 * 1024);
            const buffer = Buffer.alloc(length);
            await handle.read(buffer, 0, length, size - length);
            return buffer.toString('utf8').trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
        }
        finally {
            await handle.close();
        }
    }
    catch {
        return `(no output: ${file} is missing)`;
    }
}
//# sourceMappingURL=track-records.js.map