/**
 * Escaping for everything `check` prints. File names and values come from the repository being
 * checked, so they may hold newlines, terminal escapes or bidirectional overrides; printed raw they
 * could forge lines of output (or `::error` workflow commands) or rewrite the terminal.
 */

/**
 * Control characters (C0, DEL, C1), the Unicode line and paragraph separators, and the bidirectional
 * embedding, override and isolate controls (the "Trojan Source" characters, CVE-2021-42574).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number) => (c.codePointAt(0) ?? 0).toString(16).padStart(width, '0');

/** For text output: control characters become visible escapes (`\n`, `\t`, `\x1b`, `\u202e`). */
export function escapeText(s: string): string {
  return s.replace(UNSAFE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return c <= '\u00ff' ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`;
  });
}

/**
 * For JSON output (json, sarif, gitlab): `JSON.stringify` escapes C0 controls but emits DEL, C1
 * and the bidirectional controls raw; they become `\uXXXX` escapes, which decode to the same value.
 * Applied to the serialized text: those characters can only occur inside strings.
 */
export function escapeJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c, 4)}`);
}
/** UNSAFE without C0: `JSON.stringify` escapes those in strings, and outside them they are layout. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * GitHub Actions workflow commands (`::error file=F,line=L::MESSAGE`), escaped as the Actions toolkit
 * does (`escapeData` / `escapeProperty` in @actions/core's command.ts): `%`, CR and LF in the message;
 * also `:` and `,` in properties. Other control characters, which the runner would print as they are,
 * are made visible as in text output.
 */
export function escapeGithubData(s: string): string {
  return escapeOther(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const UNSAFE_BUT_NEWLINES =
  // eslint-disable-next-line no-control-regex -- as UNSAFE, without CR and LF (percent-encoded instead)
  /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
function escapeOther(s: string): string {
  return s.replace(UNSAFE_BUT_NEWLINES, (c) => escapeText(c));
}

/**
 * A SARIF `artifactLocation.uri` (a URI reference, RFC 3986) for a file path: relative paths stay
 * relative (code scanning resolves them against the checkout), absolute ones become `file:` URIs;
 * every segment is percent-encoded, so spaces, `%`, `#`, `?` and control characters are safe.
 */
export function pathToUri(file: string): string {
  const slashed = file.split('\\').join('/');
  const drive = /^[A-Za-z]:\//.test(slashed);
  const absolute = slashed.startsWith('/') || drive;
  const segments = slashed.split('/').map((seg, i) => (drive && i === 0 ? seg : encodeURIComponent(seg)));
  const joined = segments.join('/');
  if (!absolute) return joined;
  return drive ? `file:///${joined}` : `file://${joined}`;
}
