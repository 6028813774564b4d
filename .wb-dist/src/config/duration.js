"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.durationSchema = void 0;
exports.parseDuration = parseDuration;
const zod_1 = require("zod");
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** Parses "90s", "5m", "1h30m", "250ms" into milliseconds; undefined when the text is not a duration. */
function parseDuration(text) {
    const parts = text.trim().match(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g);
    if (!parts || parts.join('') !== text.trim())
        return undefined;
    return parts.reduce((total, part) => {
        const [, value, unit] = part.match(/^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/) ?? [];
        return total + Number(value) * UNIT_MS[unit];
    }, 0);
}
/** A duration written as text in the catalog ("5m"), or a number of milliseconds; parsed to milliseconds. */
exports.durationSchema = zod_1.z.union([zod_1.z.number().int().nonnegative(), zod_1.z.string()]).transform((value, ctx) => {
    if (typeof value === 'number')
        return value;
    const ms = parseDuration(value);
    if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration; write it like "90s", "5m" or "1h30m"` });
        return zod_1.z.NEVER;
    }
    return ms;
});
//# sourceMappingURL=duration.js.map