/**
 * Small helpers shared by the SVG renderers: escaping, number formatting, ids, and the stylesheet that maps every
 * picture class to a CSS variable (so a host such as the VS Code webview can set the variables from theme colours,
 * high contrast included). Pure.
 *
 * @module
 */

/**
 * Characters XML 1.0 does not allow at all (C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone surrogates), and
 * the bidirectional controls that could make a label read differently from what it is (CVE-2021-42574): dropped
 * or replaced by U+FFFD.
 */
const INVALID =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/** Text or attribute value for XML/HTML: `& < > " '` escaped, invalid characters replaced. */
export function esc(value: unknown): string {
  return String(value)
    .replace(INVALID, '\ufffd')
    .replace(BIDI, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A coordinate with at most two decimals (short output, stable across platforms). */
export function n(v: number): string {
  if (!Number.isFinite(v)) return '0';
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** An id prefix safe in `id` and `aria-labelledby` (letters, digits, `-`, `_`; starts with a letter). */
export function safeId(prefix: string | undefined, fallback: string): string {
  const p = (prefix ?? '').replace(/[^A-Za-z0-9_-]/g, '-');
  return /^[A-Za-z]/.test(p) ? p : `${fallback}${p}`;
}

/** Thousands separators, locale-independent. */
export function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  const s = String(Math.round(v));
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * The pictures' stylesheet. Every colour is a CSS variable with a default, so hosts can theme it: the HTML report
 * uses the defaults (and a dark scheme), the VS Code webview maps them to `--vscode-*` theme colours. States do not
 * rest on colour alone: warm slots are light with a border, free ones dashed, unusable ones hatched.
 */
export const PICTURE_CSS = `
.vcl-pic { font: 12px system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--vcl-fg, #1b1b1b); }
.vcl-pic text { fill: var(--vcl-fg, #1b1b1b); }
.vcl-pic .vcl-muted { fill: var(--vcl-muted, #555); }
.vcl-pic .vcl-bg { fill: var(--vcl-bg, #fff); }
.vcl-pic .vcl-s-used { fill: var(--vcl-used, #1f6f43); stroke: var(--vcl-used-border, #0d3b22); }
.vcl-pic .vcl-s-warm { fill: var(--vcl-warm, #a8d8b9); stroke: var(--vcl-warm-border, #1f6f43); }
.vcl-pic .vcl-s-not-allocated { fill: var(--vcl-free, #fff); stroke: var(--vcl-free-border, #8a8a8a); stroke-dasharray: 2 1; }
.vcl-pic .vcl-s-eni-address { fill: var(--vcl-eni, #3b5bab); stroke: var(--vcl-eni-border, #1d2f5c); }
.vcl-pic .vcl-s-unusable { fill: var(--vcl-unusable, #d9d9d9); stroke: var(--vcl-unusable-border, #8a8a8a); }
.vcl-pic .vcl-hatch-line { stroke: var(--vcl-unusable-border, #8a8a8a); stroke-width: 1.5; }
.vcl-pic .vcl-part { fill: var(--vcl-used, #1f6f43); }
.vcl-pic .vcl-axis path, .vcl-pic .vcl-axis line { stroke: var(--vcl-muted, #555); fill: none; }
.vcl-pic .vcl-grid line { stroke: var(--vcl-grid, #e3e3e3); }
.vcl-pic .vcl-bar { fill: var(--vcl-eni, #3b5bab); }
.vcl-pic .vcl-bar-over { fill: var(--vcl-over, #b3261e); }
.vcl-pic .vcl-cap { stroke: var(--vcl-fg, #1b1b1b); stroke-width: 2; stroke-dasharray: 4 2; }
.vcl-pic .vcl-line { fill: none; stroke-width: 2; }
.vcl-pic .vcl-l-pending { stroke: var(--vcl-over, #b3261e); }
.vcl-pic .vcl-l-enis { stroke: var(--vcl-eni, #3b5bab); stroke-dasharray: 6 3; }
.vcl-pic .vcl-l-ips { stroke: var(--vcl-used, #1f6f43); }
.vcl-pic .vcl-l-subnet { stroke: var(--vcl-subnet, #8a5a00); stroke-dasharray: 2 2; }
@media (prefers-color-scheme: dark) {
  .vcl-pic { --vcl-fg: #e6e6e6; --vcl-muted: #b0b0b0; --vcl-bg: #1e1e1e; --vcl-used: #4cc38a; --vcl-used-border: #a6f0c8;
    --vcl-warm: #1f4d33; --vcl-warm-border: #4cc38a; --vcl-free: #1e1e1e; --vcl-free-border: #9a9a9a;
    --vcl-eni: #7d9cf0; --vcl-eni-border: #c9d6ff; --vcl-unusable: #3a3a3a; --vcl-unusable-border: #9a9a9a;
    --vcl-grid: #333; --vcl-over: #ff8a80; --vcl-subnet: #e0b050; }
}
@media (forced-colors: active) {
  .vcl-pic { --vcl-fg: CanvasText; --vcl-muted: CanvasText; --vcl-bg: Canvas; --vcl-used: Highlight; --vcl-used-border: CanvasText;
    --vcl-warm: Canvas; --vcl-warm-border: Highlight; --vcl-free: Canvas; --vcl-free-border: CanvasText;
    --vcl-eni: LinkText; --vcl-eni-border: CanvasText; --vcl-unusable: Canvas; --vcl-unusable-border: GrayText;
    --vcl-grid: GrayText; --vcl-over: Mark; --vcl-subnet: LinkText; }
}
`.trim();
