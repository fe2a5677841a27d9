/**
 * The language status item on CNI settings and node files (`vpcCniLint/fileStatus`): the nodes of the
 * file's cluster and its worst finding, with a link that opens the node allocation view. Shown only while
 * the active editor holds such a file; refreshed when the editor, the text or its diagnostics change.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  FileStatusRequest,
  SHOW_NODE_ALLOCATION_COMMAND,
  type FileStatusResult,
  type ShowNodeAllocationArguments,
} from '../../protocol/messages';

const SEVERITY = {
  error: vscode.LanguageStatusSeverity.Error,
  warning: vscode.LanguageStatusSeverity.Warning,
  information: vscode.LanguageStatusSeverity.Information,
  hint: vscode.LanguageStatusSeverity.Information,
} as const;

/** At most this many node names in the item's text. */
const NAMES_SHOWN = 3;

/** The item's text, detail and link for a file's status (pure, for tests). */
export function statusView(s: FileStatusResult): {
  text: string;
  detail: string;
  label: string;
  severity: vscode.LanguageStatusSeverity;
  command?: vscode.Command;
} {
  const n = s.nodes.length;
  const names =
    s.nodes.slice(0, NAMES_SHOWN).join(', ') + (n > NAMES_SHOWN ? ` and ${n - NAMES_SHOWN} more` : '');
  const text = `$(server-environment) ${n === 1 ? '1 node' : `${n} nodes`}`;
  // The hover shows the detail on one line beside the link: keep it short; the names go to screen readers.
  const worst = s.worst
    ? `${s.worst.severity} on line ${s.worst.line + 1}: ${s.worst.code}`
    : 'no findings in this file';
  const detail = `${s.cluster ?? 'this cluster'} · ${worst}`;
  const label = `VPC CNI Lint: ${n === 1 ? '1 node' : `${n} nodes`}${n ? ` (${names})` : ''} in ${s.cluster ?? 'this cluster'}; ${s.worst ? `worst finding: ${s.worst.message}` : worst}`;
  return {
    text,
    detail,
    label,
    severity: s.worst ? SEVERITY[s.worst.severity] : vscode.LanguageStatusSeverity.Information,
    ...(s.target
      ? {
          command: {
            title: 'Show Node Allocation',
            tooltip: `Show how ${s.target.instanceType} allocates its addresses`,
            command: SHOW_NODE_ALLOCATION_COMMAND,
            arguments: [s.target] satisfies ShowNodeAllocationArguments,
          },
        }
      : {}),
  };
}

export function registerFileStatus(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  selector: vscode.DocumentSelector,
  ready: Promise<void>,
): void {
  let item: vscode.LanguageStatusItem | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;

  const hide = (): void => {
    item?.dispose();
    item = undefined;
  };

  const refresh = async (): Promise<void> => {
    const editor = vscode.window.activeTextEditor;
    const doc = editor?.document;
    if (!doc || vscode.languages.match(selector, doc) === 0) return hide();
    const mine = ++asked;
    await ready;
    let s: FileStatusResult;
    try {
      s = await client.sendRequest(FileStatusRequest.type, { textDocument: { uri: doc.uri.toString() } });
    } catch {
      return;
    }
    if (mine !== asked) return;
    if (!s.relevant) return hide();
    item ??= vscode.languages.createLanguageStatusItem('vpcCniLint.fileStatus', selector);
    const v = statusView(s);
    item.name = 'VPC CNI Lint: cluster nodes';
    item.text = v.text;
    item.detail = v.detail;
    item.severity = v.severity;
    item.command = v.command;
    item.accessibilityInformation = { label: v.label };
  };

  const soon = (ms: number): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void refresh(), ms);
  };

  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(() => soon(50)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document) soon(600);
    }),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some((u) => u.toString() === active)) soon(200);
    }),
    { dispose: () => (timer ? clearTimeout(timer) : undefined) },
    { dispose: hide },
  );
  soon(0);
}
