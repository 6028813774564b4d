/** HTML that is already escaped: only `html` templates and `raw` produce it, so every other value is escaped. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

type Interpolated = SafeHtml | string | number | boolean | null | undefined | readonly Interpolated[];

function render(value: Interpolated): string {
  if (value == null || value === false) return '';
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * The template's own indentation, collapsed once per template: a 500-service board is a third smaller. Only the
 * literal parts are touched; interpolated text (error output in <pre>) keeps its line breaks.
 */
const compact = new WeakMap<TemplateStringsArray, string[]>();
function literalsOf(strings: TemplateStringsArray): string[] {
  let parts = compact.get(strings);
  if (!parts) {
    parts = strings.map((s) => s.replace(/\n\s*/g, '\n'));
    compact.set(strings, parts);
  }
  return parts;
}

/** Tagged template: interpolated values are escaped unless they are SafeHtml; arrays are joined; null/false vanish. */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): SafeHtml {
  const parts = literalsOf(strings);
  let out = parts[0] ?? '';
  values.forEach((v, i) => (out += render(v) + (parts[i + 1] ?? '')));
  return new SafeHtml(out);
}
