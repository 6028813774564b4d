"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.pairedBare = pairedBare;
exports.formatTable = formatTable;
exports.medianRatios = medianRatios;
exports.cpuLine = cpuLine;
const measure_1 = require("./measure");
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const isBare = (r) => r.run.startsWith('bare');
/** Runs come in pairs: a release run, then its bare run of the same N. */
function pairedBare(results, i) {
    const [r, next] = [results[i], results[i + 1]];
    return r && next && !isBare(r) && isBare(next) && next.n === r.n ? next : undefined;
}
/** One table row per run; a release row is compared with the bare run that follows it. */
function formatTable(results) {
    const header = ['run', 'N', 'wall s', 'per min', 'p50 ms', 'p95 ms', 'ratio vs bare', 'peak RSS MiB', 'errors'];
    const rows = results.map((r, i) => {
        const bare = pairedBare(results, i);
        const p50 = (0, measure_1.percentile)(r.latencies, 50);
        const versus = bare
            ? `p50 ${ratio(p50, (0, measure_1.percentile)(bare.latencies, 50))}, wall ${ratio(r.wallMs, bare.wallMs)}`
            : isBare(r)
                ? '1.00× (baseline)'
                : '';
        return [
            r.run,
            String(r.n),
            (r.wallMs / 1000).toFixed(2),
            ((r.n / r.wallMs) * 60_000).toFixed(0),
            p50.toFixed(0),
            (0, measure_1.percentile)(r.latencies, 95).toFixed(0),
            versus,
            r.peakRssMiB.toFixed(0),
            String(r.errors),
        ];
    });
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]?.length ?? 0)));
    const line = (cells) => `| ${cells.map((cell, c) => (c === 0 || c === 6 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join(' | ')} |`;
    const rule = `|${widths.map((w, c) => (c === 0 || c === 6 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
    return [line(header), rule, ...rows.map(line)].join('\n');
}
/** Over several rounds of one N: the median of the per-round ratios, less skewed by a noisy neighbour. */
function medianRatios(results, n) {
    const p50 = [];
    const wall = [];
    results.forEach((r, i) => {
        const bare = pairedBare(results, i);
        if (r.n !== n || !bare)
            return;
        p50.push((0, measure_1.percentile)(r.latencies, 50) / (0, measure_1.percentile)(bare.latencies, 50));
        wall.push(r.wallMs / bare.wallMs);
    });
    const ascending = (xs) => [...xs].sort((a, b) => a - b);
    const median = (xs) => (0, measure_1.percentile)(ascending(xs), 50).toFixed(2);
    return `N=${n}: median over ${p50.length} rounds: release/bare p50 ${median(p50)}×, wall ${median(wall)}×`;
}
/** Where the CPU went during a run, and how busy the machine was otherwise. */
function cpuLine(r, cores) {
    const cpu = `${r.workerCpuS.toFixed(1)} s bench process (worker + client), ${r.serverCpuS.toFixed(1)} s dev server`;
    const wall = `${(r.wallMs / 1000).toFixed(1)} s wall on ${cores} cores`;
    return `N=${r.n} ${r.run}: CPU ${cpu} over ${wall}; load average ${r.load1.toFixed(1)}`;
}
//# sourceMappingURL=report.js.map