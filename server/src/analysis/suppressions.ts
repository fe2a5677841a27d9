/**
 * `# vpc-cni-lint-disable-next-line <code> -- reason` and `# vpc-cni-lint-disable-file <code>`:
 * filtering findings, and the code actions that add such comments.
 *
 * A next-line comment applies to the logical line below it (syntax/commentAnchor.ts): the whole shell
 * command continued with `\` or a quoted argument over several lines, the whole JSON held in a YAML block
 * scalar or a heredoc. The code action puts it there, and only offers it when the file, parsed again with
 * the comment in, still means what it meant.
 */
import {
  commentAnchor,
  LineTable,
  parseDocument,
  type DocumentHint,
  type DocumentModel,
  type Span,
} from '../syntax';
import type { Finding, Fix } from './types';

/** Multi-line units a comment must not split: each AL2 `bootstrap.sh` call, command word to last argument. */
export function commentUnits(model: DocumentModel): Span[] {
  const units: Span[] = [];
  for (const node of model.nodes)
    for (const part of node.userData?.parts ?? [])
      for (const call of part.bootstrap) {
        let end = call.span.end;
        const grow = (s: Span | undefined): void => {
          if (s && s.end > end) end = s.end;
        };
        grow(call.clusterName?.span);
        grow(call.kubeletExtraArgs?.span);
        grow(call.useMaxPods?.span);
        grow(call.maxPods?.span);
        for (const f of call.flags) {
          grow(f.nameSpan);
          grow(f.value?.span);
        }
        units.push({ start: call.span.start, end });
      }
  return units;
}

/** Drops findings silenced by directives in the document. */
export function applySuppressions(text: string, model: DocumentModel, findings: Finding[]): Finding[] {
  const { disableNextLine, disableFile } = model.directives;
  if (!disableNextLine.length && !disableFile.length) return findings;
  const fileOff = (code: string) => disableFile.some((d) => d.codes.length === 0 || d.codes.includes(code));
  const lines = new LineTable(text);
  const byLine = new Map<number, string[]>();
  for (const d of disableNextLine) byLine.set(d.line + 1, [...(byLine.get(d.line + 1) ?? []), ...d.codes]);
  const units = disableNextLine.length ? commentUnits(model) : [];
  const silencedOn = (line: number | undefined, code: string): boolean => {
    const codes = line === undefined ? undefined : byLine.get(line);
    return !!codes && (codes.length === 0 || codes.includes(code));
  };
  // Findings on one line share its anchor.
  const anchors = new Map<number, number | undefined>();
  const anchorLine = (offset: number): number | undefined => {
    const line = lines.lineAt(offset);
    if (!anchors.has(line)) anchors.set(line, commentAnchor(lines, offset, units)?.line);
    return anchors.get(line);
  };
  return findings.filter((f) => {
    if (fileOff(f.code)) return false;
    if (!disableNextLine.length) return true;
    if (silencedOn(lines.lineAt(f.span.start), f.code)) return false;
    return !silencedOn(anchorLine(f.span.start), f.code);
  });
}

/** Whether the file has `#` comments (YAML, shell, TOML, MIME, HCL); JSON does not. */
function hasHashComments(text: string, languageId?: string): boolean {
  if (languageId === 'json' || languageId === 'jsonc') return false;
  if (
    languageId &&
    [
      'yaml',
      'toml',
      'shellscript',
      'vpc-cni-user-data',
      'terraform',
      'terraform-vars',
      'dockercompose',
    ].includes(languageId)
  )
    return true;
  const body = text.replace(/^\uFEFF/, '').trimStart();
  // A TOML file may open with a `[table]` header; JSON opens with `{` or `[` followed by a value.
  if (/^\[[A-Za-z0-9_."' -]+\]\s*(?:#.*)?$/m.test(body.split(/\r?\n/, 1)[0] ?? '')) return true;
  return !/^[{[]/.test(body);
}

/** What a model means, without positions: equal for a file before and after a comment line is added. */
function meaning(model: DocumentModel): string {
  return JSON.stringify(
    {
      cni: model.cni,
      nodes: model.nodes,
      eni: model.eniConfigs,
      sgp: model.securityGroupPolicies,
      p: model.problems,
    },
    (key, value: unknown) =>
      /(?:^span|Span|Insert|^embed|^start|^end|^offset|^line)$/.test(key) ? undefined : value,
  );
}

interface Baseline {
  text: string;
  hint: DocumentHint;
  lines: LineTable;
  units: Span[];
  meaning: string;
  /** Insertion offset → whether a comment line there keeps the meaning. */
  verdicts: Map<number, boolean>;
}

// Code actions ask for one document's findings in a row: parse it once for all of them.
let last: Baseline | undefined;

function baseline(text: string, hint: DocumentHint): Baseline {
  if (last && last.text === text && last.hint.languageId === hint.languageId && last.hint.uri === hint.uri)
    return last;
  const model = parseDocument(text, hint);
  last = {
    text,
    hint,
    lines: new LineTable(text),
    units: commentUnits(model),
    meaning: meaning(model),
    verdicts: new Map(),
  };
  return last;
}

function keepsMeaning(base: Baseline, at: number, line: string): boolean {
  let ok = base.verdicts.get(at);
  if (ok === undefined) {
    const after = base.text.slice(0, at) + line + base.text.slice(at);
    ok = meaning(parseDocument(after, base.hint)) === base.meaning;
    base.verdicts.set(at, ok);
  }
  return ok;
}

/** Where the file-level directive goes: the top, after a BOM, a shebang line or the MIME headers. */
function fileDirectiveAt(text: string): number {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const rest = text.slice(bom);
  if (rest.startsWith('#!')) {
    const nl = text.indexOf('\n');
    return nl < 0 ? text.length : nl + 1;
  }
  if (/^(MIME-Version|Content-Type):/i.test(rest)) {
    // MIME headers must stay first: the directive goes in the preamble, after the blank line.
    const blank = /\r?\n\r?\n/.exec(text);
    return blank ? blank.index + blank[0].length : text.length;
  }
  return bom;
}

/** "Disable <code> for this line" and "for this file" actions for a finding. */
export function suppressionFixes(text: string, finding: Finding, languageId?: string, uri?: string): Fix[] {
  if (!hasHashComments(text, languageId)) return [];
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const fixes: Fix[] = [];
  const base = baseline(text, { languageId, uri });
  const anchor = commentAnchor(base.lines, finding.span.start, base.units);
  if (anchor) {
    const newText = `${anchor.indent}# vpc-cni-lint-disable-next-line ${finding.code} -- reason${nl}`;
    // A comment line the format cannot take where it goes (inside a quoted scalar, say) is not offered.
    if (keepsMeaning(base, anchor.insertAt, `${anchor.indent}# vpc-cni-lint-disable-next-line x${nl}`))
      fixes.push({
        title: `Disable ${finding.code} for this line`,
        edits: [{ span: { start: anchor.insertAt, end: anchor.insertAt }, newText }],
      });
  }
  const top = fileDirectiveAt(text);
  const topText =
    top === text.length && !text.endsWith('\n')
      ? `${nl}# vpc-cni-lint-disable-file ${finding.code}${nl}`
      : `# vpc-cni-lint-disable-file ${finding.code}${nl}`;
  fixes.push({
    title: `Disable ${finding.code} for this file`,
    edits: [{ span: { start: top, end: top }, newText: topText }],
  });
  return fixes;
}
