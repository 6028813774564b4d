"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SafeHtml = void 0;
exports.html = html;
/** HTML that is already escaped: only `html` templates and `raw` produce it, so every other value is escaped. */
class SafeHtml {
    text;
    constructor(text) {
        this.text = text;
    }
    toString() {
        return this.text;
    }
}
exports.SafeHtml = SafeHtml;
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function escapeHtml(value) {
    return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
function render(value) {
    if (value == null || value === false)
        return '';
    if (value instanceof SafeHtml)
        return value.text;
    if (Array.isArray(value))
        return value.map(render).join('');
    return escapeHtml(String(value));
}
/**
 * The template's own indentation, collapsed once per template: a 500-service board is a third smaller. Only the
 * literal parts are touched; interpolated text (error output in <pre>) keeps its line breaks.
 */
const compact = new WeakMap();
function literalsOf(strings) {
    let parts = compact.get(strings);
    if (!parts) {
        parts = strings.map((s) => s.replace(/\n\s*/g, '\n'));
        compact.set(strings, parts);
    }
    return parts;
}
/** Tagged template: interpolated values are escaped unless they are SafeHtml; arrays are joined; null/false vanish. */
function html(strings, ...values) {
    const parts = literalsOf(strings);
    let out = parts[0] ?? '';
    values.forEach((v, i) => (out += render(v) + (parts[i + 1] ?? '')));
    return new SafeHtml(out);
}
//# sourceMappingURL=html.js.map