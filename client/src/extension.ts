/**
 * The VS Code client: starts the bundled language server over IPC and owns the UI (output
 * channel, commands). All analysis lives in the server.
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  RevalidateRequest,
  SHOW_NODE_ALLOCATION_COMMAND,
  SHOW_RULE_DOCS_COMMAND,
  YamlExtensionNotification,
  type InitializationOptions,
} from '../../protocol/messages';
import { registerExplorer } from './explorer';
import { registerFileStatus } from './explorerStatus';

const YAML_EXTENSION_ID = 'redhat.vscode-yaml';
let client: LanguageClient | undefined;

function yamlExtensionActive(): boolean {
  return vscode.extensions.getExtension(YAML_EXTENSION_ID) !== undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('VPC CNI Lint', { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6011'] },
    },
  };
  const languages = ['yaml', 'json', 'jsonc', 'shellscript', 'toml', 'vpc-cni-user-data', 'plaintext'];
  const initializationOptions: InitializationOptions = {
    yamlExtensionActive: yamlExtensionActive(),
    showRuleDocsCommand: true,
    showNodeAllocationCommand: true,
  };
  const documentSelector = languages.flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
    { scheme: 'vscode-vfs', language },
  ]);
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    // The hover's "Show node allocation" link is a command link: trust that command only.
    markdown: { isTrusted: { enabledCommands: [SHOW_NODE_ALLOCATION_COMMAND] } },
    synchronize: {
      configurationSection: 'vpcCniLint',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json,toml,sh,txt,mime}'),
    },
    initializationOptions,
    outputChannel: output,
    traceOutputChannel: output,
  };
  client = new LanguageClient('vpcCniLint', 'VPC CNI Lint', serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand('vpcCniLint.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('vpcCniLint.revalidate', async () => {
      const result = await client?.sendRequest(RevalidateRequest.type);
      if (result)
        output.info(`re-validated ${result.documents} open documents, ${result.indexed} indexed files`);
    }),
    vscode.commands.registerCommand(SHOW_RULE_DOCS_COMMAND, async (code: string, href?: string) => {
      const target = href
        ? vscode.Uri.parse(href)
        : vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${code}.md`);
      await vscode.commands
        .executeCommand('markdown.showPreview', target)
        .then(undefined, () => vscode.env.openExternal(target));
    }),
    vscode.extensions.onDidChange(() => {
      void client?.sendNotification(YamlExtensionNotification.type, { active: yamlExtensionActive() });
    }),
  );
  const started = client.start();
  const ready = started.then(
    () => undefined,
    () => undefined,
  );
  registerExplorer(context, client, ready);
  registerFileStatus(context, client, documentSelector, ready);
  await started;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
