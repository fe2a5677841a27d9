/**
 * Handlers for what the user sees: pulled diagnostics, hovers, code actions, completion and inlay
 * hints. Each waits for settings, asks the session for the analysed document and converts plain
 * analysis data to LSP.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  CompletionItemTag,
  DocumentDiagnosticReportKind,
  type CodeAction,
  type CompletionItem,
} from 'vscode-languageserver/node';
import {
  SHOW_NODE_ALLOCATION_COMMAND,
  SHOW_RULE_DOCS_COMMAND,
  type ShowNodeAllocationArguments,
  type ShowRuleDocsArguments,
} from '../../../protocol/messages';
import {
  complete,
  hover,
  inlayHints,
  suppressionFixes,
  type InlayHintEntry,
  allocationTargetAt,
  type RuleContext,
} from '../analysis';
import { LineMap, toCodeAction } from './convert';
import { docsUrl, type Session } from './session';
import { requireDocument, requirePosition, requireRange } from './params';

const completionKinds = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  keyword: CompletionItemKind.Keyword,
} as const;

/**
 * A command link that opens the allocation view of the node or instance type under the hover, for clients
 * that implement the command (VS Code trusts it through the client's `markdown.isTrusted`).
 */
function allocationLink(session: Session, ctx: RuleContext, offset: number): string {
  if (!session.client.showNodeAllocationCommand) return '';
  const t = allocationTargetAt(ctx, offset);
  if (!t?.span || offset < t.span.start || offset > t.span.end) return '';
  const args: ShowNodeAllocationArguments = [
    { uri: ctx.uri, ...(t.node !== undefined ? { node: t.node } : {}), instanceType: t.instanceType },
  ];
  const href = `command:${SHOW_NODE_ALLOCATION_COMMAND}?${encodeURIComponent(JSON.stringify(args))}`;
  return `\n\n[Show node allocation (${t.instanceType})](${href} "Open the node allocation view")`;
}

export function registerFeatures(session: Session): void {
  const { connection, documents } = session;

  connection.languages.diagnostics.on(async (params) => {
    requireDocument('textDocument/diagnostic', params);
    await session.settingsReady;
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    return { kind: DocumentDiagnosticReportKind.Full, items: session.analyse(doc).diagnostics };
  });

  connection.onHover(async (params) => {
    requirePosition('textDocument/hover', params);
    await session.settingsReady;
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !session.settings.enable) return null;
    if (session.project.isConfigFile(doc.uri)) {
      // A rule code in a config file: the rule, and which of the file and the settings wins.
      session.analyse(doc);
      const c = session.project.hover(doc.uri, doc.offsetAt(params.position), session.settings);
      if (!c) return null;
      return {
        contents: { kind: 'markdown', value: c.markdown },
        range: new LineMap(doc.getText()).range(c.span),
      };
    }
    const offset = doc.offsetAt(params.position);
    const ctx = session.ruleContext(doc, offset);
    if (!ctx) return null;
    const h = hover(ctx, offset);
    if (!h) return null;
    const lines = new LineMap(ctx.text);
    return {
      contents: { kind: 'markdown', value: h.markdown + allocationLink(session, ctx, offset) },
      range: lines.range(h.span),
    };
  });

  connection.onCodeAction(async (params) => {
    requireRange('textDocument/codeAction', params);
    await session.settingsReady;
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !session.settings.enable) return [];
    const analysed = session.analyse(doc);
    const start = doc.offsetAt(params.range.start);
    const end = doc.offsetAt(params.range.end);
    const actions: CodeAction[] = [];
    analysed.findings.forEach((f, i) => {
      if (f.span.end < start || f.span.start > end) return;
      const diagnostic = analysed.diagnostics[i];
      for (const fix of f.fixes ?? []) {
        const action = toCodeAction(fix, diagnostic, analysed.convert);
        if (action) actions.push(action);
      }
      for (const fix of suppressionFixes(doc.getText(), f, doc.languageId, doc.uri)) {
        const action = toCodeAction(fix, diagnostic, analysed.convert);
        if (action) actions.push(action);
      }
      // Other clients have no such command; they get the rule page through `codeDescription`.
      if (session.client.showRuleDocsCommand)
        actions.push({
          title: `Show documentation for ${f.code}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: diagnostic ? [diagnostic] : undefined,
          command: {
            title: `Show documentation for ${f.code}`,
            command: SHOW_RULE_DOCS_COMMAND,
            arguments: [f.code, docsUrl(f.code)] satisfies ShowRuleDocsArguments,
          },
        });
    });
    return actions;
  });

  connection.onCompletion(async (params) => {
    requirePosition('textDocument/completion', params);
    await session.settingsReady;
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !session.settings.enable) return [];
    const offset = doc.offsetAt(params.position);
    const ctx = session.ruleContext(doc, offset);
    if (!ctx) return [];
    const lines = new LineMap(ctx.text);
    return complete(ctx, offset).map((c) => {
      const item: CompletionItem = {
        label: c.label,
        kind: completionKinds[c.kind],
        detail: c.detail,
        sortText: c.sortText,
      };
      if (c.documentation) item.documentation = { kind: 'markdown', value: c.documentation };
      if (c.deprecated) item.tags = [CompletionItemTag.Deprecated];
      if (c.replace) item.textEdit = { range: lines.range(c.replace), newText: c.insertText ?? c.label };
      else if (c.insertText) item.insertText = c.insertText;
      return item;
    });
  });

  connection.languages.inlayHint.on(async (params) => {
    requireRange('textDocument/inlayHint', params);
    await session.settingsReady;
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !session.settings.enable || !session.settings.inlayHints) return [];
    const span = { start: doc.offsetAt(params.range.start), end: doc.offsetAt(params.range.end) };
    // Each group of the document's items with its own cluster's settings.
    const seen = new Set<string>();
    const hints: InlayHintEntry[] = [];
    for (const ctx of session.groupContexts(doc))
      for (const h of inlayHints(ctx, span)) {
        const k = `${h.offset}:${h.label}`;
        if (seen.has(k)) continue;
        seen.add(k);
        hints.push(h);
      }
    return hints.map((h) => ({
      position: doc.positionAt(h.offset),
      label: h.label,
      paddingLeft: true,
      tooltip: h.tooltip ? { kind: 'markdown', value: h.tooltip } : undefined,
    }));
  });
}
