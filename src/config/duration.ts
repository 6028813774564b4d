import { z } from 'zod';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses "90s", "5m", "1h30m", "250ms" into milliseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const parts = text.trim().match(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g);
  if (!parts || parts.join('') !== text.trim()) return undefined;
  return parts.reduce((total, part) => {
    const [, value, unit] = part.match(/^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/) ?? [];
    return total + Number(value) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }, 0);
}

/** A duration written as text in the catalog ("5m"), or a number of milliseconds; parsed to milliseconds. */
export const durationSchema = z.union([z.number().int().nonnegative(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'number') return value;
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration; write it like "90s", "5m" or "1h30m"` });
    return z.NEVER;
  }
  return ms;
});
