"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.startPrometheus = startPrometheus;
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const promises_1 = require("node:fs/promises");
const node_path_1 = require("node:path");
const promises_2 = require("node:timers/promises");
const undici_1 = require("undici");
const DEFAULT_BINARY = '/usr/bin/prometheus';
const TARGETS_FILE = 'targets.json';
/**
 * A Prometheus server on loopback for the embedded mode and the tests: it scrapes the example services through
 * file-based service discovery, so starting or stopping a track only rewrites a JSON file.
 */
async function startPrometheus(opts) {
    const binary = opts.binary ?? DEFAULT_BINARY;
    if (!(0, node_fs_1.existsSync)(binary)) {
        throw new Error(`${binary} not found: run "sudo bash scripts/install-system-packages.sh" (Debian's prometheus)`);
    }
    const host = opts.host ?? '127.0.0.1';
    const interval = opts.scrapeInterval ?? '1s';
    const url = `http://${host}:${opts.port}`;
    await (0, promises_1.mkdir)((0, node_path_1.join)(opts.dataDir, 'tsdb'), { recursive: true });
    const targetsFile = (0, node_path_1.join)(opts.dataDir, TARGETS_FILE);
    const setTargets = async (targets) => {
        const groups = targets.map((t) => ({ targets: [t.address], labels: t.labels }));
        // Written whole and renamed, so Prometheus never reads half a file.
        await (0, promises_1.writeFile)(`${targetsFile}.tmp`, JSON.stringify(groups, null, 2));
        await (0, promises_1.rename)(`${targetsFile}.tmp`, targetsFile);
    };
    await setTargets(opts.targets ?? []);
    const configFile = (0, node_path_1.join)(opts.dataDir, 'prometheus.yml');
    await (0, promises_1.writeFile)(configFile, renderConfig(targetsFile, interval));
    const child = (0, node_child_process_1.spawn)(binary, [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${(0, node_path_1.join)(opts.dataDir, 'tsdb')}`,
        `--web.listen-address=${host}:${opts.port}`,
        '--web.enable-lifecycle',
        // Gray analysis looks minutes back; nothing older is worth the disk.
        '--storage.tsdb.retention.time=1d',
        '--log.level=warn',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    const keep = (d) => {
        const text = d.toString().trimEnd();
        output.push(text);
        if (output.length > 20)
            output.shift();
        opts.log?.(`[prometheus] ${text}`);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 30_000;
    for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(`prometheus exited (${child.exitCode ?? child.signalCode}) on ${url}:\n${output.join('\n')}`);
        }
        if (await answers(`${url}/-/ready`))
            break;
        if (Date.now() > deadline) {
            child.kill('SIGKILL');
            throw new Error(`prometheus did not become ready on ${url} within 30 s:\n${output.join('\n')}`);
        }
        await (0, promises_2.setTimeout)(100);
    }
    return {
        url,
        setTargets,
        async reload() {
            const res = await (0, undici_1.request)(`${url}/-/reload`, { method: 'POST' });
            const body = await res.body.text();
            if (res.statusCode !== 200)
                throw new Error(`prometheus reload answered ${res.statusCode}: ${body}`);
        },
        async stop() {
            if (child.exitCode !== null || child.signalCode !== null)
                return;
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            await exited;
            clearTimeout(timer);
        },
    };
}
function renderConfig(targetsFile, interval) {
    return [
        'global:',
        `  scrape_interval: ${interval}`,
        `  evaluation_interval: ${interval}`,
        'scrape_configs:',
        '  - job_name: gantry-services',
        `    scrape_timeout: ${interval}`,
        '    file_sd_configs:',
        `      - files: [${JSON.stringify(targetsFile)}]`,
        `        refresh_interval: ${interval}`,
        '',
    ].join('\n');
}
async function answers(url) {
    try {
        const res = await (0, undici_1.request)(url, { headersTimeout: 1000, bodyTimeout: 1000 });
        await res.body.dump();
        return res.statusCode === 200;
    }
    catch {
        return false;
    }
}
//# sourceMappingURL=prometheus-server.js.map