/**
 * One client's session: the open documents, the workspace index, settings and the catalog, what the
 * client can do, and the analysis of a document with its cache. Handlers (`lifecycle.ts`, `features.ts`)
 * call into it; only this file changes the state.
 */
import { TextDocuments, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  analyzeInClusters,
  contextAt,
  contextsRead,
  runsOf,
  type DocumentContext,
  type Finding,
  type Rule,
  type RuleContext,
  type WorkspaceContext,
} from '../analysis';
import { withAssumedCniVersion } from '../config';
import { LineMap, toDiagnostic, type ConvertContext } from './convert';
import { defaultServerSettings, readSettings, type ServerSettings } from './settings';
import { WorkspaceIndex } from './workspaceIndex';
import { loadCatalogSetting, type LoadedCatalog } from './catalogSetting';
import { MAX_LOGGED_PROBLEMS, summariseProblems } from './logLimits';
import { ProjectSettings } from './projectSettings';

export interface ServerOptions {
  /** The rules to run (default: all). */
  rules?: Rule[];
}

/** What the client said it supports at `initialize`. */
export interface ClientAbilities {
  pullDiagnostics: boolean;
  diagnosticRefresh: boolean;
  inlayHintRefresh: boolean;
  configurationPull: boolean;
  /** The client implements the `vpcCniLint.showRuleDocs` command (our VS Code client does). */
  showRuleDocsCommand: boolean;
  /** The client implements the `vpcCniLint.showNodeAllocation` command (code lenses, hover links). */
  showNodeAllocationCommand: boolean;
}

export interface Analysed {
  version: number;
  generation: number;
  /** The cluster contexts the analysis read: it stays valid while the model hands out the same ones. */
  reads: WorkspaceContext[];
  findings: Finding[];
  diagnostics: Diagnostic[];
  convert: ConvertContext;
}

const docsRoot = path.resolve(__dirname, '..', '..', 'docs', 'rules');
export const docsUrl = (code: string): string => pathToFileURL(path.join(docsRoot, `${code}.md`)).toString();

/**
 * Typing in a CNI or node file changes its cluster's context at every keystroke (spans move).
 * Results of that cluster's documents are stale at once (they read a new context), but the client is
 * asked to re-pull the other documents only once typing pauses, not once per keystroke; documents of
 * other clusters answer from the cache.
 */
const REFRESH_SETTLE_MS = 200;

/**
 * Edits are parsed lazily: with pull diagnostics the next request (usually the client's pull
 * right after the edit) parses the new text once, however many keystrokes came before it. A
 * document that is not asked about within a moment is indexed anyway, so that its effect on
 * other documents is not lost. Push clients get diagnostics after the same short pause.
 */
const EDIT_SETTLE_MS = 150;

export class Session {
  readonly documents = new TextDocuments(TextDocument);
  readonly index = new WorkspaceIndex();
  /** The project config files (`.vpc-cni-lint.yaml`) and the settings they put in force per document. */
  readonly project = new ProjectSettings();
  settings: ServerSettings = defaultServerSettings;
  catalog: LoadedCatalog = loadCatalogSetting({});
  yamlExtensionActive = false;
  client: ClientAbilities = {
    pullDiagnostics: false,
    diagnosticRefresh: false,
    inlayHintRefresh: false,
    configurationPull: false,
    showRuleDocsCommand: false,
    showNodeAllocationCommand: false,
  };
  workspaceFolders: string[] = [];
  /**
   * Settings being (re)loaded. Requests await it, so a request sent after a configuration
   * change is answered with the new settings (JSON-RPC delivers messages in order).
   */
  settingsReady: Promise<void> = Promise.resolve();

  private readonly cache = new Map<string, Analysed>();
  private readonly loggedRuleErrors = new Set<string>();
  private lastCatalogWarning = '';
  /**
   * Bumped whenever settings change or the workspace is rescanned: cached results go stale. A change in
   * one cluster's files does not bump it: a cached result stays valid while its document reads the same
   * cluster contexts (`Analysed.reads`).
   */
  private generation = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    readonly connection: Connection,
    private readonly options: ServerOptions = {},
  ) {
    this.index.modelTransform = (uri, model) => this.project.modelFor(uri, model);
    this.index.configCluster = (uri) => this.project.clusterOf(uri);
  }

  /**
   * A config file changed (its editor text, or on disk): every document's settings may have changed.
   * `text`: the open config's editor text (undefined: read it from disk).
   */
  configChanged(uri?: string, text?: string): void {
    if (uri) this.project.configs.setOverlay(uri, text);
    else this.project.configs.invalidate();
    this.project.clear();
    this.index.resetContext();
    this.invalidate();
    this.refreshAll();
  }

  /** An open config file's editor text is what applies, saved or not. */
  private syncConfigText(doc: TextDocument): void {
    if (!this.project.isConfigFile(doc.uri)) return;
    if (this.project.configs.overlayOf(doc.uri) !== doc.getText()) this.configChanged(doc.uri, doc.getText());
  }

  analyse(doc: TextDocument): Analysed {
    this.syncConfigText(doc);
    this.flushPendingEdits(doc.uri);
    if (this.index.update(doc.uri, doc.getText(), doc.version, this.settings.maxFileSize))
      this.contextChanged(doc.uri);
    const ctx = this.contextOf(doc);
    const reads = ctx ? contextsRead(ctx, this.index.clusterModel()) : [];
    const cached = this.cache.get(doc.uri);
    if (
      cached &&
      cached.version === doc.version &&
      cached.generation === this.generation &&
      cached.reads.length === reads.length &&
      cached.reads.every((r, i) => r === reads[i])
    )
      return cached;
    const entry = this.index.get(doc.uri);
    const lines = entry?.lines ?? new LineMap(doc.getText());
    const convert: ConvertContext = {
      uri: doc.uri,
      lines,
      linesOf: (u) => this.index.linesOf(u) ?? this.project.linesOf(u),
      docsUrl,
    };
    let findings: Finding[] = [];
    if (!this.settings.enable) {
      // Nothing is reported.
    } else if (this.project.isConfigFile(doc.uri)) {
      findings = this.project.configFindings(doc.uri, this.settings);
    } else if (ctx && !this.project.isIgnored(doc.uri)) {
      findings = this.project.noted(this.run(ctx), this.project.for(doc.uri, this.settings, this.catalog));
    }
    const result: Analysed = {
      version: doc.version,
      generation: this.generation,
      reads,
      findings,
      diagnostics: findings.map((f) => toDiagnostic(f, convert)),
      convert,
    };
    this.cache.set(doc.uri, result);
    return result;
  }

  private run(ctx: DocumentContext): Finding[] {
    return analyzeInClusters(ctx, this.index.clusterModel(), {
      rules: this.options.rules,
      onRuleError: (code, error) => {
        if (this.loggedRuleErrors.has(code)) return;
        this.loggedRuleErrors.add(code);
        this.connection.console.error(`rule ${code} failed: ${(error as Error)?.stack ?? String(error)}`);
      },
    });
  }

  /** A document already in the index, before its cluster context is chosen. */
  private contextOf(doc: TextDocument): DocumentContext | undefined {
    return this.contextFor(doc.uri, doc.getText());
  }

  /** The context of an indexed document (open or not) whose text is `text`. */
  contextFor(uri: string, text: string): DocumentContext | undefined {
    const entry = this.index.get(uri);
    if (!entry) return undefined;
    // VS Code settings below the nearest project config file (server/src/config/).
    const inForce = this.project.for(uri, this.settings, this.catalog);
    return {
      uri,
      text,
      model: withAssumedCniVersion(entry.model, inForce.config),
      catalog: inForce.catalog,
      settings: inForce.settings,
    };
  }

  /**
   * The analysed document (current after `analyse`) and the context hovers and completion use at
   * `offset`: that of the cluster of the items there.
   */
  ruleContext(doc: TextDocument, offset?: number): RuleContext | undefined {
    this.analyse(doc);
    const ctx = this.contextOf(doc);
    return ctx ? contextAt(ctx, this.index.clusterModel(), offset) : undefined;
  }

  /** The context of an indexed document that is not open (its `text` read from disk) at `offset`. */
  ruleContextFor(uri: string, text: string, offset?: number): RuleContext | undefined {
    const ctx = this.contextFor(uri, text);
    return ctx ? contextAt(ctx, this.index.clusterModel(), offset) : undefined;
  }

  /** One context per group of the document's items (under its first candidate cluster), for inlay hints. */
  groupContexts(doc: TextDocument): RuleContext[] {
    this.analyse(doc);
    const ctx = this.contextOf(doc);
    if (!ctx) return [];
    return runsOf(ctx, this.index.clusterModel()).flatMap((r) => r.contexts.slice(0, 1));
  }

  /** Cached results are stale (settings or the workspace changed as a whole). */
  invalidate(uri?: string): void {
    if (uri === undefined) this.cache.clear();
    else this.cache.delete(uri);
  }

  /** Everything analysed so far is stale (the workspace was rescanned). */
  bumpGeneration(): void {
    this.generation++;
  }

  /**
   * `uri`'s edit changed what other documents see: they must be re-validated too (those of other
   * clusters answer from the cache: their cluster contexts are unchanged).
   */
  private contextChanged(uri: string): void {
    if (this.client.pullDiagnostics && this.client.diagnosticRefresh) this.requestRefreshSoon();
    else if (!this.client.pullDiagnostics) queueMicrotask(() => this.publishOthers(uri));
  }

  private requestRefreshSoon(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.connection.languages.diagnostics.refresh();
    }, REFRESH_SETTLE_MS);
  }

  /** After a change that can affect other documents: refresh (pull) or re-publish (push). */
  refreshAll(): void {
    this.generation++;
    if (this.client.pullDiagnostics) {
      if (this.client.diagnosticRefresh) this.connection.languages.diagnostics.refresh();
    } else {
      for (const doc of this.documents.all()) this.publish(doc);
    }
  }

  private publishOthers(uri: string): void {
    for (const other of this.documents.all()) if (other.uri !== uri) this.publish(other);
  }

  /** Indexes edits of other documents not yet parsed, so that cross-file context is current. */
  private flushPendingEdits(except: string): void {
    for (const uri of [...this.pending.keys()]) {
      if (uri === except) continue;
      const other = this.documents.get(uri);
      this.cancelPending(uri);
      // An edited config file applies to the others before its own diagnostics are asked for.
      if (other) this.syncConfigText(other);
      if (other && this.index.update(uri, other.getText(), other.version, this.settings.maxFileSize))
        this.contextChanged(uri);
    }
  }

  scheduleIndex(doc: TextDocument): void {
    clearTimeout(this.pending.get(doc.uri));
    this.pending.set(
      doc.uri,
      setTimeout(() => {
        this.pending.delete(doc.uri);
        const current = this.documents.get(doc.uri);
        if (!current) return;
        if (this.client.pullDiagnostics) this.analyse(current);
        else this.publish(current);
      }, EDIT_SETTLE_MS),
    );
  }

  cancelPending(uri: string): void {
    clearTimeout(this.pending.get(uri));
    this.pending.delete(uri);
  }

  publish(doc: TextDocument): void {
    void this.connection.sendDiagnostics({
      uri: doc.uri,
      version: doc.version,
      diagnostics: this.analyse(doc).diagnostics,
    });
  }

  async loadSettings(): Promise<void> {
    let raw: unknown = {};
    if (this.client.configurationPull) {
      try {
        raw = await this.connection.workspace.getConfiguration({ section: 'vpcCniLint' });
      } catch {
        raw = {};
      }
    }
    this.applySettings(raw);
  }

  applySettings(raw: unknown): void {
    this.settings = readSettings(raw, this.yamlExtensionActive);
    this.catalog = loadCatalogSetting(this.settings.instanceTypes);
    for (const p of this.settings.problems ?? []) this.connection.console.warn(p);
    const problems = this.catalog.problems;
    // A workspace's settings can hold any number of bad entries: the log gets a bounded summary.
    for (const line of summariseProblems(problems, MAX_LOGGED_PROBLEMS))
      this.connection.console.warn(`vpcCniLint.instanceTypes: ${line}`);
    const shown = problems.join('\n');
    if (shown && shown !== this.lastCatalogWarning) {
      const n = problems.length;
      // A client may refuse the request (no `window/showMessageRequest`): that must not end the server.
      void Promise.resolve(
        this.connection.window.showWarningMessage(
          `vpcCniLint.instanceTypes: ${problems[0]}${n > 1 ? ` (and ${n - 1} more problem${n > 2 ? 's' : ''} in the output channel)` : ''}. Entries with problems are ignored.`,
        ),
      ).catch(() => undefined);
    }
    this.lastCatalogWarning = shown;
  }

  /** The Red Hat YAML extension started or stopped reporting YAML syntax errors. */
  setYamlExtensionActive(active: boolean): void {
    this.yamlExtensionActive = active;
    this.settings = {
      ...this.settings,
      analysis: { ...this.settings.analysis, yamlSyntaxHandledElsewhere: active },
    };
  }

  /** Indexes the workspace folders (bounded); returns how many files. */
  async scanWorkspace(): Promise<number> {
    if (!this.workspaceFolders.length) return 0;
    return this.index.scan(
      this.workspaceFolders,
      (uri) => !!this.documents.get(uri),
      this.settings.maxFileSize,
    );
  }
}
