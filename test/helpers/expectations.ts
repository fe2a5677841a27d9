/**
 * Inline expectations for fixture files.
 *
 *   - name: ENABLE_IPV6
 *   #       ^^^^^^^^^^^ warning unknown-env-var
 *
 * A comment line whose `#` is followed by carets marks the columns of the nearest line above
 * it that is not itself an expectation: severity, code and optionally a message substring in
 * quotes (`"exceeds"`). Where carets cannot reach (text at column 0, or JSON files without
 * comments), a line anywhere in the file or in `<file>.expect`:
 *
 *   # expect: warning unknown-env-var @ 12:5-12:16 "message substring"
 *
 * uses 1-based line:column, end exclusive. A fixture must list every finding it produces.
 */
export interface Expectation {
  severity: string;
  code: string;
  start: { line: number; character: number };
  end: { line: number; character: number };
  message?: string;
  /** 1-based line of the expectation itself, for error messages. */
  at: number;
}

const CARET = /^(\s*)#(\s*)(\^+)\s+(error|warning|information|hint)\s+([a-z0-9-]+)(?:\s+"([^"]*)")?\s*$/;
const EXPLICIT =
  /#\s*expect:\s*(error|warning|information|hint)\s+([a-z0-9-]+)\s*@\s*(\d+):(\d+)-(\d+):(\d+)(?:\s+"([^"]*)")?/;

export function isExpectationLine(line: string): boolean {
  return CARET.test(line.replace(/\r$/, '')) || EXPLICIT.test(line);
}

export function parseExpectations(text: string, sidecar?: string): Expectation[] {
  const out: Expectation[] = [];
  const lines = text.split('\n');
  let target = -1;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const caret = CARET.exec(line);
    if (caret) {
      if (target < 0) throw new Error(`line ${i + 1}: caret expectation with no line above it`);
      const col = (caret[1]?.length ?? 0) + 1 + (caret[2]?.length ?? 0);
      const width = caret[3]?.length ?? 0;
      out.push({
        severity: caret[4] ?? '',
        code: caret[5] ?? '',
        message: caret[6],
        start: { line: target, character: col },
        end: { line: target, character: col + width },
        at: i + 1,
      });
      return;
    }
    const explicit = EXPLICIT.exec(line);
    if (explicit) {
      out.push(explicitOf(explicit, i + 1));
      return;
    }
    target = i;
  });
  for (const [i, line] of (sidecar ?? '').split('\n').entries()) {
    const explicit = EXPLICIT.exec(line);
    if (explicit) out.push(explicitOf(explicit, -(i + 1)));
  }
  return out;
}

function explicitOf(m: RegExpExecArray, at: number): Expectation {
  const n = (k: number) => Number(m[k]) - 1;
  return {
    severity: m[1] ?? '',
    code: m[2] ?? '',
    start: { line: n(3), character: n(4) },
    end: { line: n(5), character: n(6) },
    message: m[7],
    at,
  };
}

export function describeExpectation(e: Omit<Expectation, 'at'>): string {
  return `${e.severity} ${e.code} @ ${e.start.line + 1}:${e.start.character + 1}-${e.end.line + 1}:${e.end.character + 1}`;
}
