"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_RETENTION_DAYS = void 0;
exports.startDevServer = startDevServer;
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const promises_1 = require("node:timers/promises");
const client_1 = require("@temporalio/client");
const time_1 = require("@temporalio/common/lib/time");
const search_attributes_1 = require("../workflows/search-attributes");
/**
 * promoteFrom reads "ran healthy in the source environment" from the visibility of finished releases, which the
 * server keeps for the namespace's retention only; the dev server's default (1 day) would forget a digest tested
 * on Friday by Monday.
 */
exports.DEFAULT_RETENTION_DAYS = 30;
/**
 * The Temporal CLI dev server with its UI, state kept on disk (so a restart loses no release), and Gantry's
 * search attributes registered.
 */
async function startDevServer(opts) {
    const namespace = opts.namespace ?? 'default';
    const [host = '127.0.0.1', port = '7233'] = opts.address.split(':');
    const uiPort = new URL(opts.uiUrl).port || '8233';
    (0, node_fs_1.mkdirSync)(opts.dataDir, { recursive: true });
    const args = [
        'server',
        'start-dev',
        '--ip',
        host,
        '--port',
        port,
        '--ui-port',
        uiPort,
        '--db-filename',
        (0, node_path_1.join)(opts.dataDir, 'temporal.db'),
        // The embedded mode promises that a crash of Gantry or of the dev server loses nothing (SQLite's WAL is on
        // disk before a commit returns), but not that the last transactions survive a power loss or kernel crash:
        // synchronous=normal skips the fsync per commit. That is what syncing every transaction cost (2.3-2.6x on
        // the release bench); an installation that needs more runs a real Temporal cluster.
        '--sqlite-pragma',
        'journal_mode=wal',
        '--sqlite-pragma',
        'synchronous=normal',
        '--log-level',
        'warn',
        ...(namespace === 'default' ? [] : ['--namespace', namespace]),
        ...search_attributes_1.ALL_SEARCH_ATTRIBUTES.flatMap((k) => [
            '--search-attribute',
            `${k.name}=${k.type === 'DATETIME' ? 'Datetime' : 'Keyword'}`,
        ]),
    ];
    const child = (0, node_child_process_1.spawn)(opts.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d) => opts.log(`[temporal] ${d.toString().trimEnd()}`));
    child.stderr?.on('data', (d) => opts.log(`[temporal] ${d.toString().trimEnd()}`));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + 60_000;
    for (;;) {
        if (child.exitCode !== null)
            throw new Error(`the Temporal dev server exited with code ${child.exitCode} (is port ${port} in use?)`);
        try {
            const connection = await client_1.Connection.connect({ address: opts.address, connectTimeout: 1000 });
            await connection.workflowService.getSystemInfo({});
            await connection.close();
            break;
        }
        catch (err) {
            if (Date.now() > deadline) {
                child.kill('SIGKILL');
                throw new Error(`the Temporal dev server did not answer on ${opts.address} within 60 s: ${err.message}`);
            }
            await (0, promises_1.setTimeout)(300);
        }
    }
    const connection = await client_1.Connection.connect({ address: opts.address });
    try {
        await keepFinishedWorkflows(connection, namespace, opts.retentionDays ?? exports.DEFAULT_RETENTION_DAYS, opts.log);
    }
    catch (err) {
        opts.log(`[gantry] could not set the retention of namespace ${namespace}: ${err.message}`);
    }
    finally {
        await connection.close();
    }
    return {
        address: opts.address,
        uiUrl: opts.uiUrl,
        async stop() {
            if (child.exitCode !== null)
                return;
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            await exited;
            clearTimeout(timer);
        },
    };
}
/** Raises the namespace's retention to `days` (never lowers one set longer by hand); on every start, idempotent. */
async function keepFinishedWorkflows(connection, namespace, days, log) {
    const wanted = days * 86_400;
    const described = await connection.workflowService.describeNamespace({ namespace });
    const current = Number(described.config?.workflowExecutionRetentionTtl?.seconds ?? 0);
    if (current >= wanted)
        return;
    await connection.workflowService.updateNamespace({
        namespace,
        config: { workflowExecutionRetentionTtl: (0, time_1.msToTs)(`${days} days`) },
    });
    log(`[gantry] Temporal namespace ${namespace} keeps finished workflows for ${days} days (was ${current / 86_400})`);
}
//# sourceMappingURL=dev-server.js.map