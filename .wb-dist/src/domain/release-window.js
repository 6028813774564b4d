"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.releaseWindowVerdict = releaseWindowVerdict;
exports.nextWindowOpening = nextWindowOpening;
exports.describeWindows = describeWindows;
const SECOND_MS = 1000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 1440;
/** A year plus slack, so a window behind a yearly freeze is still found. */
const HORIZON_DAYS = 400;
// Same order as WEEKDAYS in the schema, repeated because importing the schema's values would pull zod into workflows.
const DAY_ORDER = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_LABELS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
function releaseWindowVerdict(now, spec) {
    const cal = calendarOf(spec);
    const at = now.getTime();
    const today = localDayOf(cal.fmt, at);
    const last = today + HORIZON_DAYS;
    const frozenToday = freezeOn(cal, today);
    // A freeze that swallows the opening we would otherwise have had; named in the reason.
    let blocking;
    for (let day = today; day <= last; day++) {
        const freeze = freezeOn(cal, day);
        if (freeze) {
            if (!frozenToday && !blocking && dayIntervals(cal, day).some((i) => i.end > at))
                blocking = freeze;
            continue;
        }
        for (const interval of dayIntervals(cal, day)) {
            if (interval.end <= at)
                continue;
            if (interval.start <= at)
                return { open: true, closesAt: closingTime(cal, interval, day, last) };
            return { open: false, opensAt: new Date(interval.start), reason: closedReason(spec, frozenToday, blocking) };
        }
    }
    return { open: false, opensAt: null, reason: closedReason(spec, frozenToday, blocking) };
}
/** When a release may start: `now` itself while open, otherwise the next opening (null if none within ~400 days). */
function nextWindowOpening(now, spec) {
    const verdict = releaseWindowVerdict(now, spec);
    return verdict.open ? now : verdict.opensAt;
}
/** E.g. "Mon–Fri 09:00–18:00; Sat 10:00–12:00 Europe/Berlin", or "any time" without windows. Freezes are not listed. */
function describeWindows(spec) {
    if (spec.windows.length === 0)
        return 'any time';
    const windows = spec.windows.map((w) => `${describeDays(w.days)} ${w.start}–${w.end}`);
    return `${windows.join('; ')} ${spec.timeZone}`;
}
function closedReason(spec, frozenToday, blocking) {
    if (frozenToday)
        return `frozen: ${frozenToday.text}`;
    const outside = `outside the release window (${describeWindows(spec)})`;
    return blocking ? `${outside}, then frozen: ${blocking.text}` : outside;
}
/**
 * Where the open stretch containing `current` (on `day`) ends. Windows that touch, also across midnight (a 24:00 end
 * and a 00:00 start the next day), count as one stretch: a release started in it is not cut off at the seam.
 * Null when the stretch reaches the horizon.
 */
function closingTime(cal, current, day, last) {
    let end = current.end;
    // Invariant while true: the stretch so far ends exactly at local midnight starting `d` (`end` may be stale then).
    let atMidnight = current.endsAtMidnight;
    let d = day + 1;
    while (atMidnight) {
        if (d > last)
            return null;
        if (freezeOn(cal, d))
            return new Date(localToInstant(cal.fmt, d, 0));
        // Whole open days (always-open specs) need no instant math, which keeps a 400-day stretch cheap.
        if (coversWholeDay(rangesOn(cal, d))) {
            d++;
            continue;
        }
        end = localToInstant(cal.fmt, d, 0);
        atMidnight = false;
        for (const next of dayIntervals(cal, d)) {
            if (next.start > end)
                break;
            if (next.end > end) {
                end = next.end;
                atMidnight = next.endsAtMidnight;
            }
        }
        d++;
    }
    return new Date(end);
}
function calendarOf(spec) {
    const ranges = DAY_ORDER.map((weekday) => {
        // No windows means open all day, every day (freezes aside).
        if (spec.windows.length === 0)
            return [{ from: 0, to: MINUTES_PER_DAY }];
        const own = spec.windows
            .filter((w) => w.days.includes(weekday))
            .map((w) => ({ from: clockMinutes(w.start), to: clockMinutes(w.end) }))
            .filter((r) => r.from < r.to)
            .sort((a, b) => a.from - b.from);
        const merged = [];
        for (const r of own) {
            const prev = merged[merged.length - 1];
            if (prev && r.from <= prev.to)
                prev.to = Math.max(prev.to, r.to);
            else
                merged.push({ ...r });
        }
        return merged;
    });
    const freezes = spec.freezes.map((f) => ({
        from: isoDay(f.from),
        to: isoDay(f.to),
        text: `${f.reason} (${f.from}..${f.to})`,
    }));
    return { fmt: formatterFor(spec.timeZone), ranges, freezes };
}
/** The first freeze in declaration order covering the local day. */
const freezeOn = (cal, day) => cal.freezes.find((f) => f.from <= day && day <= f.to);
// 1970-01-01 was a Thursday: index 3 with Monday first.
const rangesOn = (cal, day) => cal.ranges[(((day + 3) % 7) + 7) % 7] ?? [];
const coversWholeDay = (ranges) => ranges.length === 1 && ranges[0]?.from === 0 && ranges[0].to === MINUTES_PER_DAY;
/** The day's windows as instants, merged where the time zone makes them touch (e.g. both ends in one DST gap). */
function dayIntervals(cal, day) {
    const out = [];
    for (const { from, to } of rangesOn(cal, day)) {
        const start = localToInstant(cal.fmt, day, from);
        const end = localToInstant(cal.fmt, day, to);
        if (end <= start)
            continue; // wholly inside a spring-forward gap: never on the clock
        const endsAtMidnight = to === MINUTES_PER_DAY;
        const prev = out[out.length - 1];
        if (prev && start <= prev.end) {
            if (end > prev.end)
                Object.assign(prev, { end, endsAtMidnight });
        }
        else
            out.push({ start, end, endsAtMidnight });
    }
    return out;
}
/**
 * The instant a local wall-clock time happens. A time skipped by a spring-forward gap maps to the first instant after
 * the gap (the transition); a time repeated by a fall-back maps to its earlier occurrence.
 */
function localToInstant(fmt, day, minute) {
    const wall = day * DAY_MS + minute * MINUTE_MS;
    // Offsets a day either side bracket the (at most one) transition near this wall time.
    const before = offsetAt(fmt, wall - DAY_MS);
    const after = offsetAt(fmt, wall + DAY_MS);
    const matches = [wall - before, wall - after].filter((t) => wallClock(fmt, t) === wall);
    if (matches.length > 0)
        return Math.min(...matches);
    // In a gap the larger offset gives an instant before the transition, the smaller one after: bisect by the second.
    let lo = wall - Math.max(before, after);
    let hi = wall - Math.min(before, after);
    while (hi - lo > SECOND_MS) {
        const mid = lo + Math.floor((hi - lo) / (2 * SECOND_MS)) * SECOND_MS;
        if (wallClock(fmt, mid) >= wall)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}
const localDayOf = (fmt, instant) => Math.floor(wallClock(fmt, instant) / DAY_MS);
/** Local minus UTC, in ms, at the instant. */
const offsetAt = (fmt, instant) => wallClock(fmt, instant) - Math.floor(instant / SECOND_MS) * SECOND_MS;
/** The wall-clock time the zone shows at the instant, written as if it were a UTC epoch ms (to the second). */
function wallClock(fmt, instant) {
    const p = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
    for (const part of fmt.formatToParts(instant)) {
        if (part.type in p)
            p[part.type] = Number(part.value);
    }
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}
// Building a DateTimeFormat is far costlier than using one; the cache holds no state that affects results.
const formatters = new Map();
function formatterFor(timeZone) {
    let fmt = formatters.get(timeZone);
    if (!fmt) {
        fmt = new Intl.DateTimeFormat('en-US', {
            timeZone,
            hourCycle: 'h23',
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: 'numeric',
            minute: 'numeric',
            second: 'numeric',
        });
        formatters.set(timeZone, fmt);
    }
    return fmt;
}
/** 'HH:MM' to minutes; capped at 24:00 because a window never crosses midnight. */
const clockMinutes = (hhmm) => Math.min(Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)), MINUTES_PER_DAY);
const isoDay = (yyyymmdd) => Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(5, 7)) - 1, Number(yyyymmdd.slice(8, 10))) / DAY_MS;
/** Mon..Sun order; runs of three or more days collapse to "Mon–Fri". */
function describeDays(days) {
    const picked = DAY_ORDER.flatMap((d, i) => (days.includes(d) ? [i] : []));
    if (picked.length === DAY_ORDER.length)
        return 'Daily';
    const runs = [];
    for (const i of picked) {
        const run = runs[runs.length - 1];
        if (run && run.last === i - 1)
            run.last = i;
        else
            runs.push({ first: i, last: i });
    }
    return runs
        .flatMap(({ first, last }) => last - first >= 2 ? [`${DAY_LABELS[first]}–${DAY_LABELS[last]}`] : DAY_LABELS.slice(first, last + 1))
        .join(', ');
}
//# sourceMappingURL=release-window.js.map