/**
 * `# vpc-cni-lint-disable-next-line <code> -- reason` and `# vpc-cni-lint-disable-file <code>`:
 * filtering findings, and the code actions that add such comments.
 */
import type { DocumentModel } from '../syntax';
import type { Finding, Fix } from './types';

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Drops findings silenced by directives in the document. */
export function applySuppressions(text: string, model: DocumentModel, findings: Finding[]): Finding[] {
  const { disableNextLine, disableFile } = model.directives;
  if (!disableNextLine.length && !disableFile.length) return findings;
  const fileOff = (code: string) => disableFile.some((d) => d.codes.length === 0 || d.codes.includes(code));
  const starts = lineStarts(text);
  const byLine = new Map<number, string[]>();
  for (const d of disableNextLine) byLine.set(d.line + 1, [...(byLine.get(d.line + 1) ?? []), ...d.codes]);
  return findings.filter((f) => {
    if (fileOff(f.code)) return false;
    const codes = byLine.get(lineAt(starts, f.span.start));
    return !(codes && (codes.length === 0 || codes.includes(f.code)));
  });
}

/** Whether the text uses `#` comments (YAML, shell, TOML, MIME); JSON does not. */
function hasHashComments(text: string, languageId?: string): boolean {
  if (languageId === 'json' || languageId === 'jsonc') return false;
  return !/^\s*[{[]/.test(text);
}

/** "Disable <code> for this line" and "for this file" actions for a finding. */
export function suppressionFixes(text: string, finding: Finding, languageId?: string): Fix[] {
  if (!hasHashComments(text, languageId)) return [];
  const starts = lineStarts(text);
  const line = lineAt(starts, finding.span.start);
  const lineStart = starts[line] ?? 0;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))?.[0] ?? '';
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  // A file-level directive goes at the top, after a shebang or MIME header line if any.
  let top = 0;
  if (text.startsWith('#!')) top = starts[1] ?? text.length;
  else if (/^MIME-Version:/i.test(text)) {
    // MIME headers must stay first: the directive goes in the preamble, after the blank line.
    const blank = /\r?\n\r?\n/.exec(text);
    top = blank ? blank.index + blank[0].length : text.length;
  }
  const topText =
    top === text.length && !text.endsWith('\n')
      ? `${nl}# vpc-cni-lint-disable-file ${finding.code}${nl}`
      : `# vpc-cni-lint-disable-file ${finding.code}${nl}`;
  return [
    {
      title: `Disable ${finding.code} for this line`,
      edits: [
        {
          span: { start: lineStart, end: lineStart },
          newText: `${indent}# vpc-cni-lint-disable-next-line ${finding.code} -- reason${nl}`,
        },
      ],
    },
    {
      title: `Disable ${finding.code} for this file`,
      edits: [{ span: { start: top, end: top }, newText: topText }],
    },
  ];
}
