/**
 * Bottlerocket user data (TOML): `settings.kubernetes.max-pods`, however the key is written
 * (`[settings.kubernetes]` + `max-pods`, `[settings]` + `kubernetes.max-pods`, a dotted key at
 * the root, quoted key parts).
 *
 * `smol-toml` validates the document (its errors carry line and column → `invalid-user-data`
 * problems) but gives no positions for values, so a small line scanner locates keys: it tracks
 * the current table header, skips comments and multi-line strings, and reads `key = value`.
 */
import { parse, TomlError } from 'smol-toml';
import type { BottlerocketModel, MaxPodsSetting, SyntaxProblem } from './model';
import type { View } from './view';

const TARGET = 'settings.kubernetes.max-pods';
const KEY_PART = `(?:"(?:[^"\\\\]|\\\\.)*"|'[^']*'|[A-Za-z0-9_-]+)`;
/** `key = ` at a line start; key parts and dots unambiguous so matching stays linear. */
const KEY_VALUE = new RegExp(`^([ \\t]*)(${KEY_PART}(?:[ \\t]*\\.[ \\t]*${KEY_PART})*)[ \\t]*=[ \\t]*`);

/** Normalises a dotted TOML key (`settings . "kubernetes"`) to `settings.kubernetes`. */
export function normaliseKey(raw: string): string {
  const parts: string[] = [];
  const re = /[ \t]*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))[ \t]*(\.|$)/y;
  let pos = 0;
  while (pos < raw.length) {
    re.lastIndex = pos;
    const m = re.exec(raw);
    if (!m || re.lastIndex === pos) break;
    parts.push(m[1] ?? m[2] ?? m[3] ?? '');
    pos = re.lastIndex;
    if (!m[4]) break;
  }
  return parts.join('.');
}

/** Whether text looks like Bottlerocket TOML settings. */
export function looksLikeBottlerocket(text: string): boolean {
  // Blanks, not `\s`: with the `m` flag `^\s*` restarted at every line of a run of blank lines.
  // A byte-order mark may open the first line (editors on Windows write one).
  return /^\uFEFF?[ \t]*\[[ \t]*settings[\].]/m.test(text) || /^\uFEFF?[ \t]*settings\.[A-Za-z-]/m.test(text);
}

interface LineInfo {
  start: number;
  end: number; // without newline
  next: number; // start of next line
}

export function readBottlerocket(view: View, problems: SyntaxProblem[]): BottlerocketModel {
  const t = view.text;
  try {
    parse(t);
  } catch (err) {
    if (err instanceof TomlError) {
      const off = offsetOfLineCol(t, err.line, err.column);
      problems.push({
        code: 'invalid-user-data',
        severity: 'error',
        message: `Invalid TOML in Bottlerocket user data: ${(err.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '')}`,
        span: view.span(off, Math.min(t.length, off + 1)),
      });
    }
  }
  const model: BottlerocketModel = { span: view.span(0, t.length) };
  let table = '';
  let inMulti: string | undefined;
  let headerOfK8s: LineInfo | undefined;
  let lastK8sLine: LineInfo | undefined;
  let lastK8sKeyPrefix = '';
  let lastInK8sTable: LineInfo | undefined;
  for (let s = 0; s < t.length;) {
    let e = t.indexOf('\n', s);
    const next = e < 0 ? t.length : e + 1;
    if (e < 0) e = t.length;
    const lineEnd = e > s && t[e - 1] === '\r' ? e - 1 : e;
    const line = t.slice(s, lineEnd);
    const info = { start: s, end: lineEnd, next };
    s = next;
    if (inMulti) {
      if (countOf(line, inMulti) % 2 === 1) inMulti = undefined;
      continue;
    }
    const header = /^\s*\[(\[)?([^\]]*)\]\]?\s*(#.*)?$/.exec(line);
    if (header) {
      table = normaliseKey(header[2] ?? '');
      if (!header[1] && table === 'settings.kubernetes') headerOfK8s = info;
      continue;
    }
    const kv = KEY_VALUE.exec(line);
    if (!kv) continue;
    const key = normaliseKey(kv[2] ?? '');
    const full = table ? `${table}.${key}` : key;
    const valueStart = info.start + kv[0].length;
    const rest = t.slice(valueStart, info.end);
    for (const q of ['"""', "'''"]) if (countOf(rest, q) % 2 === 1) inMulti = q;
    if (table === 'settings.kubernetes') lastInK8sTable = info;
    if (full.startsWith('settings.kubernetes.') && !full.slice(20).includes('.')) {
      lastK8sLine = info;
      const rawKey = kv[2] ?? '';
      const dot = rawKey.lastIndexOf('.');
      lastK8sKeyPrefix = dot >= 0 ? rawKey.slice(0, dot + 1).trim() : '';
    }
    if (full === 'settings.kubernetes.cluster-name') {
      // A basic string ("demo") or a literal one ('demo'): the name between the quotes.
      const m = /^(["'])([^"'\\]*)\1/.exec(stripComment(rest).trimEnd());
      if (m?.[2]) {
        const at = valueStart + 1;
        model.clusterName = { value: m[2], span: view.span(at, at + m[2].length) };
      }
      continue;
    }
    if (full !== TARGET) continue;
    const valueText = stripComment(rest).trimEnd();
    const setting: MaxPodsSetting = {
      origin: 'bottlerocket',
      span: view.span(valueStart, valueStart + valueText.length),
    };
    if (/^[+]?[0-9](_?[0-9])*$/.test(valueText))
      setting.value = Number.parseInt(valueText.replace(/_/g, ''), 10);
    if (view.embedOrUndefined) setting.embed = view.embedOrUndefined;
    model.maxPods = setting;
  }
  if (!model.maxPods) {
    const ins = maxPodsInsert(view, headerOfK8s, lastInK8sTable, lastK8sLine, lastK8sKeyPrefix);
    if (ins) model.maxPodsInsert = ins;
  }
  return model;
}

function maxPodsInsert(
  view: View,
  header: LineInfo | undefined,
  lastInTable: LineInfo | undefined,
  lastDotted: LineInfo | undefined,
  dottedPrefix: string,
): BottlerocketModel['maxPodsInsert'] {
  const t = view.text;
  if (header) {
    const after = lastInTable ?? header;
    return view.insertion(
      after.next,
      `${after.next === t.length && !t.endsWith('\n') ? '\n' : ''}max-pods = \${value}\n`,
    );
  }
  if (lastDotted) {
    const indent = /^\s*/.exec(t.slice(lastDotted.start, lastDotted.end))?.[0] ?? '';
    const pre = lastDotted.next === t.length && !t.endsWith('\n') ? '\n' : '';
    return view.insertion(lastDotted.next, `${pre}${indent}${dottedPrefix}max-pods = \${value}\n`);
  }
  const pre = t.length === 0 || t.endsWith('\n\n') ? '' : t.endsWith('\n') ? '\n' : '\n\n';
  return view.insertion(t.length, `${pre}[settings.kubernetes]\nmax-pods = \${value}\n`);
}

function countOf(s: string, sub: string): number {
  let n = 0;
  for (let i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length)) n++;
  return n;
}

/** Drops a trailing `# comment` that is outside quotes. */
function stripComment(s: string): string {
  let q: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === '\\' && q === '"') i++;
      else if (c === q) q = undefined;
    } else if (c === '"' || c === "'") q = c;
    else if (c === '#') return s.slice(0, i);
  }
  return s;
}

/** Offset of a 1-based line/column in `t`. */
function offsetOfLineCol(t: string, line: number, column: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = t.indexOf('\n', off);
    if (nl < 0) return t.length;
    off = nl + 1;
  }
  return Math.min(t.length, off + Math.max(0, column - 1));
}
