/**
 * The language server: the only code (with client/) that knows LSP. It keeps the workspace
 * index, converts findings to diagnostics, and answers hovers and code actions. Works with
 * pull diagnostics (VS Code) and falls back to push (`publishDiagnostics`) for clients without
 * them (Neovim 0.7).
 */
import {
  CodeActionKind,
  CompletionItemKind,
  CompletionItemTag,
  type CompletionItem,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  analyze,
  complete,
  hover,
  inlayHints,
  suppressionFixes,
  type Finding,
  type Rule,
  type RuleContext,
} from '../analysis';

import { LineMap, toCodeAction, toDiagnostic, type ConvertContext } from './convert';
import { defaultServerSettings, readSettings, type ServerSettings } from './settings';
import { WorkspaceIndex } from './workspaceIndex';
import { loadCatalogSetting, type LoadedCatalog } from './catalogSetting';

export const SERVER_NAME = 'vpc-cni-lint';

const completionKinds = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  keyword: CompletionItemKind.Keyword,
} as const;

interface Analysed {
  version: number;
  generation: number;
  findings: Finding[];
  diagnostics: Diagnostic[];
  convert: ConvertContext;
}

export interface ServerOptions {
  /** The rules to run (default: all). */
  rules?: Rule[];
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const index = new WorkspaceIndex();
  const cache = new Map<string, Analysed>();
  const loggedRuleErrors = new Set<string>();
  let settings: ServerSettings = defaultServerSettings;
  let catalog: LoadedCatalog = loadCatalogSetting({});
  let yamlExtensionActive = false;
  let showRuleDocsCommand = false;
  let lastCatalogWarning = '';
  let pullDiagnostics = false;
  let diagnosticRefresh = false;
  let inlayHintRefresh = false;
  let configurationPull = false;
  let workspaceFolders: string[] = [];
  /** Bumped whenever settings or the cross-file context change: cached results go stale. */
  let generation = 0;
  /**
   * Settings being (re)loaded. Requests await it, so a request sent after a configuration
   * change is answered with the new settings (JSON-RPC delivers messages in order).
   */
  let settingsReady: Promise<void> = Promise.resolve();

  const docsRoot = path.resolve(__dirname, '..', '..', 'docs', 'rules');
  const docsUrl = (code: string) => pathToFileURL(path.join(docsRoot, `${code}.md`)).toString();

  function analyse(doc: TextDocument): Analysed {
    flushPendingEdits(doc.uri);
    const cached = cache.get(doc.uri);
    if (cached && cached.version === doc.version && cached.generation === generation) return cached;
    if (index.update(doc.uri, doc.getText(), doc.version, settings.maxFileSize)) contextChanged(doc.uri);
    const entry = index.get(doc.uri);
    const lines = entry?.lines ?? new LineMap(doc.getText());
    const convert: ConvertContext = { uri: doc.uri, lines, linesOf: (u) => index.linesOf(u), docsUrl };
    let findings: Finding[] = [];
    const ctx = contextOf(doc);
    if (settings.enable && ctx) {
      findings = analyze(ctx, {
        rules: options.rules,
        onRuleError: (code, error) => {
          if (loggedRuleErrors.has(code)) return;
          loggedRuleErrors.add(code);
          connection.console.error(`rule ${code} failed: ${(error as Error)?.stack ?? String(error)}`);
        },
      });
    }
    const result: Analysed = {
      version: doc.version,
      generation,
      findings,
      diagnostics: findings.map((f) => toDiagnostic(f, convert)),
      convert,
    };
    cache.set(doc.uri, result);
    return result;
  }

  /** What rules, hovers and completion see for a document already in the index. */
  function contextOf(doc: TextDocument): RuleContext | undefined {
    const entry = index.get(doc.uri);
    if (!entry) return undefined;
    return {
      uri: doc.uri,
      text: doc.getText(),
      model: entry.model,
      workspace: index.workspaceContext(),
      catalog: catalog.catalog,
      settings: settings.analysis,
    };
  }

  /** The analysed document (current after `analyse`) and its context. */
  function ruleContext(doc: TextDocument): RuleContext | undefined {
    analyse(doc);
    return contextOf(doc);
  }

  /** `uri`'s edit changed what other documents see: they must be re-validated too. */
  function contextChanged(uri: string): void {
    generation++;
    if (pullDiagnostics && diagnosticRefresh) requestRefreshSoon();
    else if (!pullDiagnostics) queueMicrotask(() => publishOthers(uri));
  }

  /**
   * Typing in a CNI or node file changes the cross-file context at every keystroke (spans move).
   * Cached results are stale at once (`generation`), but the client is asked to re-pull the other
   * documents only once typing pauses, not once per keystroke.
   */
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const REFRESH_SETTLE_MS = 200;
  function requestRefreshSoon(): void {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      connection.languages.diagnostics.refresh();
    }, REFRESH_SETTLE_MS);
  }

  /** After a change that can affect other documents: refresh (pull) or re-publish (push). */
  function refreshAll(): void {
    generation++;
    if (pullDiagnostics) {
      if (diagnosticRefresh) connection.languages.diagnostics.refresh();
    } else {
      for (const doc of documents.all()) publish(doc);
    }
  }

  function publishOthers(uri: string): void {
    for (const other of documents.all()) if (other.uri !== uri) publish(other);
  }

  /**
   * Edits are parsed lazily: with pull diagnostics the next request (usually the client's pull
   * right after the edit) parses the new text once, however many keystrokes came before it. A
   * document that is not asked about within a moment is indexed anyway, so that its effect on
   * other documents is not lost. Push clients get diagnostics after the same short pause.
   */
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const EDIT_SETTLE_MS = 150;

  /** Indexes edits of other documents not yet parsed, so that cross-file context is current. */
  function flushPendingEdits(except: string): void {
    for (const uri of [...pending.keys()]) {
      if (uri === except) continue;
      const other = documents.get(uri);
      clearTimeout(pending.get(uri));
      pending.delete(uri);
      if (other && index.update(uri, other.getText(), other.version, settings.maxFileSize))
        contextChanged(uri);
    }
  }

  function scheduleIndex(doc: TextDocument): void {
    clearTimeout(pending.get(doc.uri));
    pending.set(
      doc.uri,
      setTimeout(() => {
        pending.delete(doc.uri);
        const current = documents.get(doc.uri);
        if (!current) return;
        if (pullDiagnostics) analyse(current);
        else publish(current);
      }, EDIT_SETTLE_MS),
    );
  }

  function publish(doc: TextDocument): void {
    void connection.sendDiagnostics({
      uri: doc.uri,
      version: doc.version,
      diagnostics: analyse(doc).diagnostics,
    });
  }

  async function loadSettings(): Promise<void> {
    let raw: unknown = {};
    if (configurationPull) {
      try {
        raw = await connection.workspace.getConfiguration({ section: 'vpcCniLint' });
      } catch {
        raw = {};
      }
    }
    applySettings(raw);
  }

  function applySettings(raw: unknown): void {
    settings = readSettings(raw, yamlExtensionActive);
    catalog = loadCatalogSetting(settings.instanceTypes);
    for (const problem of catalog.problems) connection.console.warn(`vpcCniLint.instanceTypes: ${problem}`);
    const shown = catalog.problems.join('\n');
    if (shown && shown !== lastCatalogWarning) {
      const n = catalog.problems.length;
      void connection.window.showWarningMessage(
        `vpcCniLint.instanceTypes: ${catalog.problems[0]}${n > 1 ? ` (and ${n - 1} more problem${n > 2 ? 's' : ''} in the output channel)` : ''}. Entries with problems are ignored.`,
      );
    }
    lastCatalogWarning = shown;
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    diagnosticRefresh = !!caps.workspace?.diagnostics?.refreshSupport;
    inlayHintRefresh = !!caps.workspace?.inlayHint?.refreshSupport;
    configurationPull = !!caps.workspace?.configuration;
    const init = (params.initializationOptions ?? {}) as {
      yamlExtensionActive?: boolean;
      settings?: unknown;
      /** The client implements the `vpcCniLint.showRuleDocs` command (our VS Code client does). */
      showRuleDocsCommand?: boolean;
    };
    yamlExtensionActive = init.yamlExtensionActive === true;
    showRuleDocsCommand = init.showRuleDocsCommand === true;
    applySettings(init.settings ?? {});
    workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (!workspaceFolders.length && params.rootUri) workspaceFolders = [params.rootUri];
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        diagnosticProvider: pullDiagnostics
          ? { interFileDependencies: true, workspaceDiagnostics: false }
          : undefined,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        completionProvider: { triggerCharacters: [' ', ':', '"', '_'] },
        inlayHintProvider: true,
      },
      serverInfo: { name: SERVER_NAME, version: process.env.VPC_CNI_LINT_VERSION ?? '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (configurationPull) {
      void connection.client
        .register(DidChangeConfigurationNotification.type, { section: 'vpcCniLint' })
        .catch(() => undefined);
    }
    // The first answers wait for the settings and the initial (bounded) workspace scan, so that
    // cross-file findings are right from the start instead of flashing defaults.
    settingsReady = (async () => {
      await loadSettings();
      if (workspaceFolders.length) {
        const n = await index.scan(workspaceFolders, (uri) => !!documents.get(uri), settings.maxFileSize);
        connection.console.info(`indexed ${n} workspace files`);
        generation++;
      }
    })();
    await settingsReady;
    refreshAll();
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (configurationPull) {
      settingsReady = loadSettings();
      await settingsReady;
    } else
      applySettings((change.settings as { vpcCniLint?: unknown } | undefined)?.vpcCniLint ?? change.settings);
    cache.clear();
    refreshAll();
    if (inlayHintRefresh) void connection.languages.inlayHint.refresh().catch(() => undefined);
  });

  connection.onNotification('vpcCniLint/yamlExtension', (p: { active?: boolean }) => {
    yamlExtensionActive = p?.active === true;
    settings = {
      ...settings,
      analysis: { ...settings.analysis, yamlSyntaxHandledElsewhere: yamlExtensionActive },
    };
    refreshAll();
  });

  connection.onRequest('vpcCniLint/revalidate', async () => {
    cache.clear();
    await loadSettings();
    if (workspaceFolders.length)
      await index.scan(workspaceFolders, (uri) => !!documents.get(uri), settings.maxFileSize);
    refreshAll();
    return { documents: documents.all().length, indexed: index.size() };
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    let changed = false;
    for (const change of params.changes) {
      if (documents.get(change.uri)) continue;
      changed = (await index.updateFromDisk(change.uri, settings.maxFileSize)) || changed;
    }
    if (changed) refreshAll();
  });

  documents.onDidChangeContent((e) => scheduleIndex(e.document));

  documents.onDidClose(async (e) => {
    clearTimeout(pending.get(e.document.uri));
    pending.delete(e.document.uri);
    cache.delete(e.document.uri);
    // The file may still exist on disk and contribute to other documents.
    const changed = e.document.uri.startsWith('file:')
      ? await index.updateFromDisk(e.document.uri, settings.maxFileSize)
      : index.remove(e.document.uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    if (changed) refreshAll();
  });

  connection.languages.diagnostics.on(async (params) => {
    await settingsReady;
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    return { kind: DocumentDiagnosticReportKind.Full, items: analyse(doc).diagnostics };
  });

  connection.onHover(async (params) => {
    await settingsReady;
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !settings.enable) return null;
    const ctx = ruleContext(doc);
    if (!ctx) return null;
    const h = hover(ctx, doc.offsetAt(params.position));
    if (!h) return null;
    const lines = new LineMap(ctx.text);
    return { contents: { kind: 'markdown', value: h.markdown }, range: lines.range(h.span) };
  });

  connection.onCodeAction(async (params) => {
    await settingsReady;
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !settings.enable) return [];
    const analysed = analyse(doc);
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
      for (const fix of suppressionFixes(doc.getText(), f, doc.languageId)) {
        const action = toCodeAction(fix, diagnostic, analysed.convert);
        if (action) actions.push(action);
      }
      // Other clients have no such command; they get the rule page through `codeDescription`.
      if (showRuleDocsCommand)
        actions.push({
          title: `Show documentation for ${f.code}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: diagnostic ? [diagnostic] : undefined,
          command: {
            title: `Show documentation for ${f.code}`,
            command: 'vpcCniLint.showRuleDocs',
            arguments: [f.code, docsUrl(f.code)],
          },
        });
    });
    return actions;
  });

  connection.onCompletion(async (params) => {
    await settingsReady;
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !settings.enable) return [];
    const ctx = ruleContext(doc);
    if (!ctx) return [];
    const lines = new LineMap(ctx.text);
    return complete(ctx, doc.offsetAt(params.position)).map((c) => {
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
    await settingsReady;
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !settings.enable || !settings.inlayHints) return [];
    const ctx = ruleContext(doc);
    if (!ctx) return [];
    const span = { start: doc.offsetAt(params.range.start), end: doc.offsetAt(params.range.end) };
    return inlayHints(ctx, span).map((h) => ({
      position: doc.positionAt(h.offset),
      label: h.label,
      paddingLeft: true,
      tooltip: h.tooltip ? { kind: 'markdown', value: h.tooltip } : undefined,
    }));
  });

  documents.listen(connection);
  connection.listen();
}

if (require.main === module) {
  startServer(createConnection(ProposedFeatures.all));
}
