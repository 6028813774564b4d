"use strict";
/** Times as people read them on the board: local to the environment, with how long until then. */
Object.defineProperty(exports, "__esModule", { value: true });
exports.weekdayTime = weekdayTime;
exports.relativeTime = relativeTime;
exports.shortTimestamp = shortTimestamp;
const formatters = new Map();
function formatterFor(timeZone) {
    let f = formatters.get(timeZone);
    if (!f) {
        f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit' });
        formatters.set(timeZone, f);
    }
    return f;
}
/** "Thu 10:00" in the given time zone. */
function weekdayTime(iso, timeZone) {
    const parts = formatterFor(timeZone).formatToParts(new Date(iso));
    const get = (type) => parts.find((p) => p.type === type)?.value ?? '';
    return `${get('weekday')} ${get('hour')}:${get('minute')}`;
}
/** "in 1 d 3 h", "in 25 min", "2 h ago". The board's JS recomputes it each minute with the same rules. */
function relativeTime(iso, now) {
    const diff = Date.parse(iso) - now;
    const minutes = Math.round(Math.abs(diff) / 60_000);
    const d = Math.floor(minutes / 1440);
    const h = Math.floor((minutes % 1440) / 60);
    const m = minutes % 60;
    const text = d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
    return diff >= 0 ? `in ${text}` : `${text} ago`;
}
/** "2026-12-03 10:00:05" in UTC, for stage and decision times. */
function shortTimestamp(iso) {
    return iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '';
}
//# sourceMappingURL=format-time.js.map