"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseArgs = parseArgs;
/** Command line of `npm run bench`: `--n 50[,500]` (repeatable), `--rounds 1`, `--timeout-min 10`. */
function parseArgs(argv) {
    const sizes = [];
    let timeoutMin = 10;
    let rounds = 1;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] ?? '';
        const [flag = '', inline] = arg.split('=', 2);
        const value = inline ?? argv[++i] ?? '';
        if (flag === '--n')
            sizes.push(...value.split(',').map(Number));
        else if (flag === '--timeout-min')
            timeoutMin = Number(value);
        else if (flag === '--rounds')
            rounds = Number(value);
        else
            throw new Error(`unknown argument ${arg}; use --n 50[,500], --rounds 1, --timeout-min 10`);
    }
    for (const n of sizes)
        if (!Number.isInteger(n) || n < 1)
            throw new Error(`--n wants positive integers, got ${n}`);
    if (!(timeoutMin > 0))
        throw new Error('--timeout-min wants a positive number');
    if (!Number.isInteger(rounds) || rounds < 1)
        throw new Error('--rounds wants a positive integer');
    return { sizes: sizes.length ? sizes : [50, 500], timeoutMin, rounds };
}
//# sourceMappingURL=options.js.map