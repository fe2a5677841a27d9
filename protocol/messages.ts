/**
 * The messages between our VS Code client and our server beyond LSP, typed once: both `client/src` and
 * `server/src` build from this file (as vscode-eslint shares its custom messages). It imports only
 * `vscode-languageserver-protocol`, never client or server code.
 */
import { NotificationType, RequestType0 } from 'vscode-languageserver-protocol';

/** `initializationOptions` a client may send with `initialize`. Every field is optional. */
export interface InitializationOptions {
  /** The Red Hat YAML extension is installed and reports YAML syntax errors itself. */
  yamlExtensionActive?: boolean;
  /** The `vpcCniLint` settings, for clients that do not answer `workspace/configuration`. */
  settings?: unknown;
  /** The client implements {@link SHOW_RULE_DOCS_COMMAND} (our VS Code client does). */
  showRuleDocsCommand?: boolean;
}

export interface YamlExtensionParams {
  active: boolean;
}

/** Client to server: the Red Hat YAML extension appeared or went away. */
export const YamlExtensionNotification = {
  method: 'vpcCniLint/yamlExtension',
  type: new NotificationType<YamlExtensionParams>('vpcCniLint/yamlExtension'),
} as const;

export interface RevalidateResult {
  /** Open documents re-validated. */
  documents: number;
  /** Files in the workspace index after the rescan. */
  indexed: number;
}

/** Client to server: reload settings, rescan the workspace and re-validate every document. */
export const RevalidateRequest = {
  method: 'vpcCniLint/revalidate',
  type: new RequestType0<RevalidateResult, void>('vpcCniLint/revalidate'),
} as const;

/**
 * Client command the server's "Show documentation" code action runs, with {@link ShowRuleDocsArguments}.
 * Offered only to clients that set `showRuleDocsCommand`.
 */
export const SHOW_RULE_DOCS_COMMAND = 'vpcCniLint.showRuleDocs';

/** The rule code and the URL of its page. */
export type ShowRuleDocsArguments = [code: string, href: string];
