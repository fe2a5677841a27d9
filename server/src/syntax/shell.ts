/**
 * AL2 `bootstrap.sh` invocations in shell user data: the command word, its flags with their
 * values (quoting, `\` line continuations and `$VARIABLES` kept as written), the cluster name,
 * `--use-max-pods` and `--max-pods` inside `--kubelet-extra-args`.
 *
 * This is a small word splitter, not a shell: it reads one simple command from the command
 * word to the end of the command (unquoted newline, `;`, `&`, `|`, `)`, a redirection or a
 * comment). Flags take a separate value argument (`--flag value`, as bootstrap.sh reads
 * them); `--flag=value` is read too.
 */
import type { BootstrapCall, BootstrapFlag, Located, MaxPodsSetting, SyntaxProblem } from './model';
import type { View } from './view';

interface Word {
  value: string;
  /** View offset of each value character, and just after it. */
  starts: number[];
  ends: number[];
  start: number;
  end: number;
}

/** More invocations than this in one piece of user data are not read. */
const MAX_CALLS = 64;
/** How far back on its line a command word looks for quotes and command prefixes. */
const LOOK_BACK = 1000;

const COMMAND_PREFIX = new Set([
  '',
  'exec',
  'sudo',
  'bash',
  'sh',
  'nohup',
  'time',
  'then',
  'do',
  'else',
  '{',
  '(',
  '!',
]);

/** Reads every `bootstrap.sh` command in `view`. */
export function readBootstrapCalls(view: View, problems: SyntaxProblem[]): BootstrapCall[] {
  const t = view.text;
  const out: BootstrapCall[] = [];
  let from = 0;
  while (out.length < MAX_CALLS) {
    const at = t.indexOf('bootstrap.sh', from);
    if (at < 0) break;
    from = at + 12;
    // The command word: back to whitespace or a command separator.
    let ws = at;
    while (ws > 0 && !/[\s;&|()'"`]/.test(t[ws - 1] ?? '')) ws--;
    const we = at + 12;
    if (we < t.length && !/[\s;&|)]/.test(t[we] ?? '')) continue;
    if (!inCommandPosition(t, ws)) continue;
    const call = readCall(view, ws, we, problems);
    out.push(call.call);
    // Words already read are not searched again (keeps pathological input linear).
    from = Math.max(from, call.end);
  }
  return out;
}

/** True when the word at `ws` starts a command (not an argument, not a comment or a string). */
function inCommandPosition(t: string, ws: number): boolean {
  const ls = Math.max(t.lastIndexOf('\n', ws - 1) + 1, ws - LOOK_BACK);
  const before = t.slice(ls, ws);
  if (before.includes('#')) {
    // A `#` starting a word makes the rest of the line a comment.
    if (/(^|\s)#/.test(before)) return false;
  }
  if ((before.match(/'/g) ?? []).length % 2 === 1 || (before.match(/"/g) ?? []).length % 2 === 1)
    return false;
  const trimmed = before.trimEnd();
  if (/[;&|({]$/.test(trimmed) || /\b(then|do|else)$/.test(trimmed)) return true;
  // Previous words: only command prefixes or VAR=value assignments.
  const words = trimmed.split(/\s+/).filter(Boolean);
  return words.every(
    (w) => COMMAND_PREFIX.has(w) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || /^-[A-Za-z]+$/.test(w),
  );
}

function readCall(
  view: View,
  ws: number,
  we: number,
  problems: SyntaxProblem[],
): { call: BootstrapCall; end: number } {
  const words = readWords(view, we, problems);
  const end = words.length ? (words[words.length - 1]?.end ?? we) : we;
  const call: BootstrapCall = { span: view.span(ws, we), flags: [] };
  const insert = view.insertion(we, ' ${name} ${value}');
  if (insert) call.flagInsert = insert;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w) continue;
    if (!w.value.startsWith('--')) {
      if (!call.clusterName) call.clusterName = locWord(view, w, 0, w.value.length);
      continue;
    }
    const eq = w.value.indexOf('=');
    const flag: BootstrapFlag = {
      name: eq > 0 ? w.value.slice(0, eq) : w.value,
      nameSpan: spanOfWord(view, w, 0, eq > 0 ? eq : w.value.length),
    };
    let valueWord: Word | undefined;
    let vs = 0;
    if (eq > 0) {
      valueWord = w;
      vs = eq + 1;
    } else {
      // bootstrap.sh shifts two words for every flag: the next word is the value, even
      // when it starts with `--` (as a quoted `--kubelet-extra-args '--max-pods=N'` does).
      const next = words[i + 1];
      if (next) {
        valueWord = next;
        i++;
      }
    }
    if (valueWord) flag.value = locWord(view, valueWord, vs, valueWord.value.length);
    call.flags.push(flag);
    if (flag.name === '--use-max-pods' && flag.value) call.useMaxPods = flag.value;
    if (flag.name === '--kubelet-extra-args' && flag.value && valueWord) {
      call.kubeletExtraArgs = flag.value;
      const mp = maxPodsIn(view, valueWord, vs);
      if (mp) call.maxPods = mp;
    }
  }
  return { call, end };
}

function spanOfWord(view: View, w: Word, from: number, to: number): { start: number; end: number } {
  if (to <= from) {
    const s = w.starts[from] ?? w.end;
    return view.span(s, s);
  }
  return view.span(w.starts[from] ?? w.start, w.ends[to - 1] ?? w.end);
}

function locWord(view: View, w: Word, from: number, to: number): Located<string> {
  const out: Located<string> = { value: w.value.slice(from, to), span: spanOfWord(view, w, from, to) };
  if (view.embedOrUndefined) out.embed = view.embedOrUndefined;
  return out;
}

/** `--max-pods=N` or `--max-pods N` inside the kubelet-extra-args value `w.value[from..]`. */
function maxPodsIn(view: View, w: Word, from: number): MaxPodsSetting | undefined {
  const s = w.value;
  const re = /(^|\s)--max-pods(?:=|\s+)(\S*)/g;
  re.lastIndex = from;
  let found: MaxPodsSetting | undefined;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const raw = m[2] ?? '';
    const vStart = m.index + m[0].length - raw.length;
    const setting: MaxPodsSetting = {
      origin: 'kubelet-flag',
      span: spanOfWord(view, w, vStart, vStart + raw.length),
    };
    if (/^[0-9]+$/.test(raw)) setting.value = Number.parseInt(raw, 10);
    if (view.embedOrUndefined) setting.embed = view.embedOrUndefined;
    found = setting; // the last occurrence wins, as with repeated kubelet flags
  }
  return found;
}

/** Splits the arguments after the command word into words, until the command ends. */
function readWords(view: View, from: number, problems: SyntaxProblem[]): Word[] {
  const t = view.text;
  const words: Word[] = [];
  let i = from;
  let cur: Word | undefined;
  const startWord = (at: number): Word => ({ value: '', starts: [], ends: [], start: at, end: at });
  const add = (w: Word, ch: string, s: number, e: number): void => {
    w.value += ch;
    w.starts.push(s);
    w.ends.push(e);
  };
  const finish = (end: number): void => {
    if (cur) {
      cur.end = end;
      words.push(cur);
      cur = undefined;
    }
  };
  const n = t.length;
  while (i < n) {
    const c = t[i] ?? '';
    if (c === '\\' && (t[i + 1] === '\n' || (t[i + 1] === '\r' && t[i + 2] === '\n'))) {
      // Line continuation.
      finish(i);
      i += t[i + 1] === '\r' ? 3 : 2;
      continue;
    }
    if (c === ' ' || c === '\t') {
      finish(i);
      i++;
      continue;
    }
    if (
      c === '\n' ||
      c === '\r' ||
      c === ';' ||
      c === '&' ||
      c === '|' ||
      c === ')' ||
      c === '>' ||
      c === '<'
    )
      break;
    if (c === '#' && !cur) break;
    cur ??= startWord(i);
    if (c === "'") {
      const close = t.indexOf("'", i + 1);
      if (close < 0) {
        problems.push(quoteProblem(view, i, "'"));
        finish(i);
        return words;
      }
      for (let k = i + 1; k < close; k++) add(cur, t[k] ?? '', k, k + 1);
      i = close + 1;
      continue;
    }
    if (c === '"') {
      let k = i + 1;
      let closed = false;
      while (k < n) {
        const d = t[k] ?? '';
        if (d === '"') {
          closed = true;
          break;
        }
        if (d === '\\' && /["\\$`\n]/.test(t[k + 1] ?? '')) {
          if (t[k + 1] !== '\n') add(cur, t[k + 1] ?? '', k, k + 2);
          k += 2;
          continue;
        }
        add(cur, d, k, k + 1);
        k++;
      }
      if (!closed) {
        problems.push(quoteProblem(view, i, '"'));
        finish(i);
        return words;
      }
      i = k + 1;
      continue;
    }
    if (c === '\\') {
      add(cur, t[i + 1] ?? '', i, i + 2);
      i += 2;
      continue;
    }
    add(cur, c, i, i + 1);
    i++;
  }
  finish(i);
  return words;
}

function quoteProblem(view: View, at: number, q: string): SyntaxProblem {
  return {
    code: 'invalid-user-data',
    severity: 'error',
    message: `Unterminated ${q === '"' ? 'double' : 'single'} quote in the bootstrap.sh command: the shell would fail to run it.`,
    span: view.span(at, at + 1),
  };
}
