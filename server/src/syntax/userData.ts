/**
 * EC2 node user data, standalone or embedded: MIME multipart (boundaries quoted or not, LF or
 * CRLF, `Content-Transfer-Encoding: base64` parts), base64 as a whole, and single-format
 * content (shell with `bootstrap.sh`, nodeadm `NodeConfig`, Bottlerocket TOML, cloud-config).
 *
 * Base64 content is decoded and read, but its located values point at the encoded blob with
 * `embed: 'base64'` (no in-place edit).
 */
import type { SyntaxProblem, UserDataModel, UserDataPart, UserDataPartKind } from './model';
import type { View } from './view';
import { looksLikeBottlerocket, readBottlerocket } from './bottlerocket';
import { parseNodeConfigText } from './nodeConfig';
import { readBootstrapCalls } from './shell';

const MAX_DEPTH = 3;
/** Parts after this many are not read (cloud-init user data has a handful). */
const MAX_PARTS = 100;

/** Whether `text` starts like a MIME message. */
export function looksLikeMime(text: string): boolean {
  return /^\s*(MIME-Version\s*:|Content-Type\s*:)/i.test(text.slice(0, 200));
}

/** Whether `text` is (only) base64 that decodes to something textual. */
export function looksLikeBase64(text: string): boolean {
  const s = text.trim();
  if (s.length < 16 || !/^[A-Za-z0-9+/=\s]+$/.test(s)) return false;
  const compact = s.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || /=[^=]/.test(compact)) return false;
  return isTextual(decodeBase64(compact));
}

function decodeBase64(s: string): string {
  return Buffer.from(s.replace(/\s+/g, ''), 'base64').toString('utf8');
}

function isTextual(s: string): boolean {
  if (!s) return false;
  let bad = 0;
  const n = Math.min(s.length, 2000);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) bad++;
  }
  return bad <= n / 50;
}

/** Guesses the kind of a single (non-MIME) piece of user data. */
export function sniffKind(text: string): UserDataPartKind {
  const head = text.slice(0, 4000);
  if (/^\s*#cloud-config/.test(head)) return 'cloud-config';
  if (/^\s*#!/.test(head)) return 'shell';
  // EC2Launch runs a `<powershell>` block; Windows EKS AMIs bootstrap with Start-EKSBootstrap.ps1
  // (eksctl-io/eksctl:pkg/nodebootstrap/windows.go).
  if (/^\s*<powershell>/i.test(head) || /Start-EKSBootstrap\.ps1/i.test(head)) return 'powershell';
  // Blanks, not `\s`, before `kind`: `(^|\n)\s*` restarted at every line break of a run of them.
  if (/^[ \t]*kind[ \t]*:[ \t]*NodeConfig\b|"kind"\s*:\s*"NodeConfig"/m.test(text)) return 'nodeconfig';
  if (looksLikeBottlerocket(head)) return 'bottlerocket';
  if (text.includes('bootstrap.sh')) return 'shell';
  return 'unknown';
}

function kindOfContentType(ct: string | undefined): UserDataPartKind | undefined {
  const t = (ct ?? '').toLowerCase();
  if (t.startsWith('text/x-shellscript') || t.startsWith('text/x-sh')) return 'shell';
  if (t.startsWith('application/node.eks.aws')) return 'nodeconfig';
  if (t.startsWith('text/cloud-config')) return 'cloud-config';
  if (t.startsWith('application/toml')) return 'bottlerocket';
  return undefined;
}

/**
 * Who reads the user data before cloud-init: `karpenter` for an EC2NodeClass's `spec.userData`, which Karpenter
 * parses with Go's mime/multipart to merge its own parts in (aws/karpenter-provider-aws:
 * pkg/providers/amifamily/bootstrap/mime/mime.go NewArchive); `cloud-init` (the default) for everything else.
 */
export type UserDataReader = 'cloud-init' | 'karpenter';

/** Reads user data in `view` (the whole view is the user data). */
export function readUserData(
  view: View,
  problems: SyntaxProblem[],
  depth = 0,
  reader: UserDataReader = 'cloud-init',
): UserDataModel {
  const t = view.text;
  const span = view.span(0, t.length);
  if (depth < MAX_DEPTH && looksLikeMime(t)) return readMime(view, problems, depth, reader);
  if (depth < MAX_DEPTH && looksLikeBase64(t)) {
    const lead = t.length - t.trimStart().length;
    const inner = view.opaque(decodeBase64(t), { start: lead, end: lead + t.trim().length }, 'base64');
    const model = readUserData(inner, problems, depth + 1);
    return { ...model, span };
  }
  const part = readPart(view, sniffKind(t), undefined, problems);
  return { span, format: part.kind, parts: [part] };
}

/** One part of known kind. */
export function readPart(
  view: View,
  kind: UserDataPartKind,
  contentType: string | undefined,
  problems: SyntaxProblem[],
): UserDataPart {
  const part: UserDataPart = { kind, span: view.span(0, view.text.length), bootstrap: [] };
  if (contentType) part.contentType = contentType;
  if (view.embedOrUndefined) part.embed = view.embedOrUndefined;
  if (kind === 'shell' || kind === 'unknown') part.bootstrap = readBootstrapCalls(view, problems);
  if (kind === 'nodeconfig') {
    const nc = parseNodeConfigText(view, problems);
    if (nc) part.nodeConfig = nc;
  }
  if (kind === 'bottlerocket') part.bottlerocket = readBottlerocket(view, problems);
  return part;
}

interface Line {
  start: number;
  end: number; // without line break
  next: number;
}

function* lines(t: string, from: number, to: number): Generator<Line> {
  for (let s = from; s < to;) {
    let e = t.indexOf('\n', s);
    if (e < 0 || e >= to) e = to;
    const next = e < to ? e + 1 : to;
    const end = e > s && t[e - 1] === '\r' ? e - 1 : e;
    yield { start: s, end, next };
    if (next <= s) break;
    s = next;
  }
}

/** Exactly one line break follows the line `l` of `t`, and then the text ends (spaces and tabs before it allowed). */
function oneBreakThenEnd(t: string, l: Line): boolean {
  return l.next === t.length && l.next > l.end;
}

/** Header block from `from`: fields (names lower-cased) and where the body starts. */
function readHeaders(
  t: string,
  from: number,
  to: number,
): { fields: Map<string, string>; bodyStart: number; ok: boolean } {
  const fields = new Map<string, string>();
  let lastName: string | undefined;
  for (const l of lines(t, from, to)) {
    const line = t.slice(l.start, l.end);
    if (line.trim() === '') return { fields, bodyStart: l.next, ok: true };
    if (/^[ \t]/.test(line) && lastName) {
      fields.set(lastName, `${fields.get(lastName) ?? ''} ${line.trim()}`);
      continue;
    }
    const m = /^([A-Za-z0-9-]+)[ \t]*:\s*(.*)$/.exec(line);
    if (!m) return { fields, bodyStart: l.start, ok: false };
    lastName = (m[1] ?? '').toLowerCase();
    fields.set(lastName, (m[2] ?? '').trim());
  }
  return { fields, bodyStart: to, ok: fields.size > 0 };
}

function problem(
  view: View,
  start: number,
  end: number,
  message: string,
  severity: 'error' | 'warning' = 'error',
): SyntaxProblem {
  return { code: 'invalid-user-data', severity, message, span: view.span(start, end) };
}

function readMime(
  view: View,
  problems: SyntaxProblem[],
  depth: number,
  reader: UserDataReader = 'cloud-init',
): UserDataModel {
  const t = view.text;
  const span = view.span(0, t.length);
  const model: UserDataModel = { span, format: 'mime', parts: [] };
  const lead = t.length - t.trimStart().length;
  const head = readHeaders(t, lead, t.length);
  const ct = head.fields.get('content-type') ?? '';
  if (!/^multipart\//i.test(ct)) {
    // A single-part MIME message.
    const body = view.sub(head.bodyStart, t.length);
    const part = readMimeBody(body, ct, head.fields.get('content-transfer-encoding'), problems, depth);
    model.parts.push(part);
    return model;
  }
  const b = /boundary\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(ct);
  const boundary = b?.[1] ?? b?.[2];
  if (!boundary) {
    const at = t.toLowerCase().indexOf('content-type');
    problems.push(
      problem(
        view,
        Math.max(0, at),
        Math.max(0, at) + 12,
        'MIME multipart user data without a boundary parameter: cloud-init cannot split its parts.',
      ),
    );
    return model;
  }
  const delim = `--${boundary}`;
  let partStart: number | undefined;
  let closed = false;
  /** The text ends with a delimiter line and only white space after it (Karpenter's own examples do this). */
  let endsWithDelimiter = false;
  let prevLineEnd = head.bodyStart;
  /** The last delimiter line seen. */
  let lastDelim: Line | undefined;
  for (const l of lines(t, head.bodyStart, t.length)) {
    const line = t.slice(l.start, l.end).trimEnd();
    if (line === delim || line === `${delim}--`) {
      lastDelim = l;
      if (model.parts.length >= MAX_PARTS) {
        partStart = undefined;
        closed = true;
        break;
      }
      if (partStart !== undefined) {
        // The line break before the delimiter belongs to the delimiter.
        const end = Math.max(partStart, prevLineEnd);
        model.parts.push(readMimePart(view, partStart, end, problems, depth));
      }
      if (line === `${delim}--`) {
        closed = true;
        partStart = undefined;
        break;
      }
      partStart = l.next;
    }
    prevLineEnd = l.end;
  }
  if (partStart !== undefined && partStart < t.length && t.slice(partStart).trim() !== '') {
    model.parts.push(readMimePart(view, partStart, t.length, problems, depth));
  } else if (partStart !== undefined) endsWithDelimiter = true;
  if (!model.parts.length) {
    problems.push(
      problem(
        view,
        0,
        Math.min(t.length, lead + 12),
        `No part starts with the boundary line "${delim}": cloud-init finds no parts in this user data.`,
      ),
    );
  } else if (!closed && !endsWithDelimiter) {
    // A last delimiter `--BOUNDARY` with nothing after it ends the parts for cloud-init (Python's email parser
    // keeps every part and records only a CloseBoundaryNotFoundDefect). Only a last part that runs to the end
    // of the text is worth a warning.
    problems.push(
      problem(view, t.length, t.length, `The closing boundary "${delim}--" is missing.`, 'warning'),
    );
  } else if (!closed && reader === 'karpenter' && lastDelim && !oneBreakThenEnd(t, lastDelim)) {
    // Go's mime/multipart, which Karpenter merges user data with, accepts a last `--BOUNDARY` only when exactly
    // one line break follows it: NextPart then reads an empty header block at the end of input and returns
    // io.EOF, which ends Karpenter's loop. Without the line break, reading the last part fails with
    // io.ErrUnexpectedEOF (multipart.go peekBufferSeparatorIndex: a delimiter needs a line after it; before
    // Go 1.19 NextPart failed with "multipart: NextPart: EOF", which is not io.EOF); with blank lines after it,
    // NextPart returns one more, empty part whose read fails the same way.
    problems.push(
      problem(
        view,
        lastDelim.start,
        lastDelim.end,
        `Karpenter cannot merge this user data: Go's mime/multipart fails with "unexpected EOF" when the last boundary line "${delim}" is not followed by exactly one line break. End the user data with "${delim}--".`,
        'warning',
      ),
    );
  }
  return model;
}

function readMimePart(
  view: View,
  start: number,
  end: number,
  problems: SyntaxProblem[],
  depth: number,
): UserDataPart {
  const t = view.text;
  const head = readHeaders(t, start, end);
  if (!head.ok) {
    problems.push(
      problem(
        view,
        start,
        Math.min(end, t.indexOf('\n', start) < 0 ? end : t.indexOf('\n', start)),
        'MIME part without headers (or without the blank line after them).',
      ),
    );
  }
  const body = view.sub(head.bodyStart, end);
  return readMimeBody(
    body,
    head.fields.get('content-type'),
    head.fields.get('content-transfer-encoding'),
    problems,
    depth,
  );
}

function readMimeBody(
  body: View,
  contentType: string | undefined,
  encoding: string | undefined,
  problems: SyntaxProblem[],
  depth: number,
): UserDataPart {
  let view = body;
  if ((encoding ?? '').toLowerCase() === 'base64') {
    const s = body.text.trim();
    if (!/^[A-Za-z0-9+/=\s]*$/.test(s) || s.replace(/\s+/g, '').length % 4 !== 0) {
      problems.push(
        problem(
          body,
          0,
          body.text.length,
          'This MIME part says Content-Transfer-Encoding: base64 but its body is not valid base64.',
        ),
      );
    } else {
      const lead = body.text.length - body.text.trimStart().length;
      const carrier = { start: lead, end: lead + s.length };
      view = body.opaque(decodeBase64(s), carrier, 'base64');
    }
  }
  const kind = kindOfContentType(contentType) ?? sniffKind(view.text);
  if (kind === 'unknown' && depth + 1 < MAX_DEPTH && looksLikeMime(view.text)) {
    const nested = readMime(view, problems, depth + 1);
    const first = nested.parts[0];
    if (first) return first;
  }
  return readPart(view, kind, contentType, problems);
}
