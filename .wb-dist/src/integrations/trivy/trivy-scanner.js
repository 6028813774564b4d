"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.createTrivyScanner = createTrivyScanner;
const node_fs_1 = require("node:fs");
const promises_1 = require("node:fs/promises");
const node_os_1 = require("node:os");
const node_path_1 = __importDefault(require("node:path"));
const run_tool_1 = require("../process/run-tool");
const trivy_report_1 = require("./trivy-report");
const TAIL_BYTES = 8 * 1024;
/**
 * The image scan gate's scanner: the real trivy, offline. `--skip-db-update` and `--offline-scan` mean nothing is
 * downloaded; without a database in the cache the vulnerability scanner is skipped (and said so), while the
 * secret scanner needs none.
 */
function createTrivyScanner(deps) {
    const heartbeatIntervalMs = deps.heartbeatIntervalMs ?? 2000;
    return {
        async scan(req, io) {
            const log = deps.logs.open(req.logId);
            const say = (line) => log.write(`[scan] ${line}\n`);
            const work = await (0, promises_1.mkdtemp)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'gantry-trivy-'));
            let target;
            try {
                const version = (await runTrivy(deps.trivy, ['--version'], { log, io, timeoutMs: 30_000, heartbeatIntervalMs }))
                    .split('\n')[0]
                    ?.trim();
                const skipped = [];
                const hasDb = (0, node_fs_1.existsSync)(node_path_1.default.join(deps.cacheDir, 'db', 'trivy.db'));
                const scanners = req.scanners.filter((s) => {
                    if (s !== 'vuln' || hasDb)
                        return true;
                    skipped.push({
                        scanner: 'vuln',
                        reason: `no vulnerability database in ${node_path_1.default.join(deps.cacheDir, 'db')} (the gate never downloads one; see the README)`,
                    });
                    return false;
                });
                for (const s of skipped)
                    say(`${s.scanner} scanner skipped: ${s.reason}`);
                if (scanners.length === 0)
                    return { findings: [], skipped, scanner: version ?? 'trivy' };
                target = await deps.resolveTarget(req.image);
                const output = node_path_1.default.join(work, 'report.json');
                const args = [
                    target.kind,
                    '--scanners',
                    scanners.join(','),
                    '--format',
                    'json',
                    '--output',
                    output,
                    '--cache-dir',
                    deps.cacheDir,
                    '--skip-db-update',
                    '--skip-java-db-update',
                    '--offline-scan',
                    '--skip-version-check',
                    '--no-progress',
                    '--exit-code',
                    '0',
                    '--timeout',
                    `${Math.max(1, Math.ceil(req.timeoutMs / 1000))}s`,
                ];
                const env = {};
                if (target.kind === 'image') {
                    args.push('--image-src', 'remote');
                    if (target.insecure)
                        args.push('--insecure');
                    // Credentials through the environment, so they are not on a command line others can read.
                    if (target.username !== undefined)
                        env.TRIVY_USERNAME = target.username;
                    if (target.password !== undefined)
                        env.TRIVY_PASSWORD = target.password;
                    args.push(target.ref);
                }
                else
                    args.push(target.path);
                say(`${version ?? 'trivy'}: scanning ${req.image} (${target.kind}) for ${scanners.join(', ')}`);
                await runTrivy(deps.trivy, args, { log, io, timeoutMs: req.timeoutMs, heartbeatIntervalMs, env });
                const findings = (0, trivy_report_1.parseTrivyReport)(await (0, promises_1.readFile)(output, 'utf8'));
                return { findings, skipped, scanner: version ?? 'trivy' };
            }
            finally {
                await (0, promises_1.rm)(work, { recursive: true, force: true });
                if (target?.kind === 'rootfs')
                    await target.cleanup?.();
                await log.close();
            }
        },
    };
}
/** Runs trivy with its output in the log; resolves with stdout, rejects with the output tail. */
async function runTrivy(binary, args, opts) {
    const exit = await (0, run_tool_1.runTool)(binary, args, {
        io: opts.io,
        cancelled: 'image scan cancelled',
        // Only what trivy needs: HOME for its defaults, PATH; never the worker's own secrets.
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? (0, node_os_1.tmpdir)(), ...opts.env },
        timeoutMs: opts.timeoutMs,
        heartbeatIntervalMs: opts.heartbeatIntervalMs,
        tailBytes: TAIL_BYTES,
        tailOf: 'stderr',
        keepStdout: true,
        onOutput: (chunk) => opts.log.write(chunk),
    });
    if (exit.signal)
        throw new Error(`trivy was stopped (${exit.signal}) after its time limit of ${opts.timeoutMs} ms`);
    if (exit.code !== 0)
        throw new Error(`trivy exited with code ${exit.code}\n${exit.tail.trimEnd()}`);
    return exit.stdout;
}
//# sourceMappingURL=trivy-scanner.js.map