/**
 * Handlers for the session's life: initialize (capabilities both ways), settings, the workspace scan,
 * our custom messages, watched files and documents opening, changing and closing.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import {
  RevalidateRequest,
  YamlExtensionNotification,
  type InitializationOptions,
} from '../../../protocol/messages';
import { CONFIG_WATCH_GLOB } from './projectSettings';
import type { Session } from './session';

export const SERVER_NAME = 'vpc-cni-lint';

export function registerLifecycle(session: Session): void {
  const { connection, documents, index } = session;
  let watchConfigs = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    session.client = {
      pullDiagnostics: !!caps.textDocument?.diagnostic,
      diagnosticRefresh: !!caps.workspace?.diagnostics?.refreshSupport,
      inlayHintRefresh: !!caps.workspace?.inlayHint?.refreshSupport,
      configurationPull: !!caps.workspace?.configuration,
      showRuleDocsCommand: init.showRuleDocsCommand === true,
      showNodeAllocationCommand: init.showNodeAllocationCommand === true,
    };
    session.yamlExtensionActive = init.yamlExtensionActive === true;
    session.applySettings(init.settings ?? {});
    session.workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (!session.workspaceFolders.length && params.rootUri) session.workspaceFolders = [params.rootUri];
    session.index.setRoots(session.workspaceFolders);
    // The walk up to the nearest .vpc-cni-lint.yaml stops at a workspace folder (or a .git folder).
    session.project.configs.setRoots(session.workspaceFolders);
    watchConfigs = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        diagnosticProvider: session.client.pullDiagnostics
          ? { interFileDependencies: true, workspaceDiagnostics: false }
          : undefined,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        completionProvider: { triggerCharacters: [' ', ':', '"', '_'] },
        inlayHintProvider: true,
        codeLensProvider: session.client.showNodeAllocationCommand ? { resolveProvider: false } : undefined,
      },
      serverInfo: { name: SERVER_NAME, version: process.env.VPC_CNI_LINT_VERSION ?? '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    // Config files by name, whatever the client watches already (VS Code's client watches *.yaml and *.json).
    if (watchConfigs)
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: CONFIG_WATCH_GLOB }] })
        .catch(() => undefined);
    if (session.client.configurationPull) {
      void connection.client
        .register(DidChangeConfigurationNotification.type, { section: 'vpcCniLint' })
        .catch(() => undefined);
    }
    // The first answers wait for the settings and the initial (bounded) workspace scan, so that
    // cross-file findings are right from the start instead of flashing defaults.
    session.settingsReady = (async () => {
      await session.loadSettings();
      if (session.workspaceFolders.length) {
        const n = await session.scanWorkspace();
        connection.console.info(`indexed ${n} workspace files`);
        session.bumpGeneration();
      }
    })();
    await session.settingsReady;
    session.refreshAll();
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (session.client.configurationPull) {
      session.settingsReady = session.loadSettings();
      await session.settingsReady;
    } else
      session.applySettings(
        (change?.settings as { vpcCniLint?: unknown } | undefined)?.vpcCniLint ?? change?.settings,
      );
    session.invalidate();
    session.refreshAll();
    if (session.client.inlayHintRefresh) void connection.languages.inlayHint.refresh().catch(() => undefined);
  });

  connection.onNotification(YamlExtensionNotification.type, (p) => {
    session.setYamlExtensionActive(p?.active === true);
    session.refreshAll();
  });

  connection.onRequest(RevalidateRequest.type, async () => {
    session.invalidate();
    await session.loadSettings();
    await session.scanWorkspace();
    session.refreshAll();
    return { documents: documents.all().length, indexed: index.size() };
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    let changed = false;
    const changes = Array.isArray(params?.changes) ? params.changes : [];
    // A config file (or a file one extends) changed on disk: re-validate everything, no reload needed.
    if (
      changes.some(
        (c) => typeof c?.uri === 'string' && session.project.isConfigFile(c.uri) && !documents.get(c.uri),
      )
    )
      session.configChanged();
    for (const change of changes) {
      if (typeof change?.uri !== 'string') continue;
      if (documents.get(change.uri)) continue;
      changed = (await index.updateFromDisk(change.uri, session.settings.maxFileSize)) || changed;
    }
    if (changed) session.refreshAll();
  });

  documents.onDidChangeContent((e) => session.scheduleIndex(e.document));

  documents.onDidClose(async (e) => {
    // A closed config file applies as saved on disk.
    if (session.project.configs.overlayOf(e.document.uri) !== undefined)
      session.configChanged(e.document.uri);
    session.cancelPending(e.document.uri);
    session.invalidate(e.document.uri);
    // The file may still exist on disk and contribute to other documents.
    const changed = e.document.uri.startsWith('file:')
      ? await index.updateFromDisk(e.document.uri, session.settings.maxFileSize)
      : index.remove(e.document.uri);
    if (!session.client.pullDiagnostics)
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    if (changed) session.refreshAll();
  });
}
