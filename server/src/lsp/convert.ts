/** Conversion between the analysis layer's plain findings and LSP types. */
import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Edit, Finding, Fix, Severity } from '../analysis';
import { LineMap } from '../syntax';

export { LineMap };

export const SOURCE = 'vpc-cni-lint';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface ConvertContext {
  uri: string;
  lines: LineMap;
  /** Line maps of other documents, for related information across files. */
  linesOf(uri: string): LineMap | undefined;
  /** Rule documentation URL for `codeDescription`. */
  docsUrl(code: string): string | undefined;
}

export function toDiagnostic(f: Finding, c: ConvertContext): Diagnostic {
  const d: Diagnostic = {
    range: c.lines.range(f.span),
    severity: severities[f.severity],
    source: SOURCE,
    code: f.code,
    message: f.message,
  };
  const href = c.docsUrl(f.code);
  if (href) d.codeDescription = { href };
  const tags: DiagnosticTag[] = [];
  if (f.tags?.includes('unnecessary')) tags.push(DiagnosticTag.Unnecessary);
  if (f.tags?.includes('deprecated')) tags.push(DiagnosticTag.Deprecated);
  if (tags.length) d.tags = tags;
  const related = (f.related ?? []).flatMap((r) => {
    const uri = r.uri ?? c.uri;
    const lines = uri === c.uri ? c.lines : c.linesOf(uri);
    return lines ? [{ location: { uri, range: lines.range(r.span) }, message: r.message }] : [];
  });
  if (related.length) d.relatedInformation = related;
  return d;
}

export function toWorkspaceEdit(edits: Edit[], c: ConvertContext): WorkspaceEdit | undefined {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of edits) {
    const uri = e.uri ?? c.uri;
    const lines = uri === c.uri ? c.lines : c.linesOf(uri);
    if (!lines) return undefined;
    (changes[uri] ??= []).push({ range: lines.range(e.span), newText: e.newText });
  }
  return { changes };
}

export function toCodeAction(
  fix: Fix,
  diagnostic: Diagnostic | undefined,
  c: ConvertContext,
  kind = CodeActionKind.QuickFix,
): CodeAction | undefined {
  const edit = toWorkspaceEdit(fix.edits, c);
  if (!edit) return undefined;
  const action = CodeAction.create(fix.title, edit, kind);
  if (diagnostic) action.diagnostics = [diagnostic];
  if (fix.preferred) action.isPreferred = true;
  return action;
}
