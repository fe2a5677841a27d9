/**
 * "VPC CNI: Show Node Allocation": the command (from a code lens or hover link with a target, else the node
 * at the cursor, else a pick list of the workspace's nodes and types) and the webview panel that shows the
 * server's rendered view of one target. The panel asks the server (`vpcCniLint/allocationView`) for every
 * change of the webview's inputs, and Apply to file asks for the what-if's edit
 * (`vpcCniLint/applyWhatIf`) and applies it. One panel, reused; restored by a WebviewPanelSerializer from
 * the webview's saved state. Nothing here runs code from the workspace (untrusted workspaces are fine).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  AllocationTargetsRequest,
  AllocationViewRequest,
  ApplyWhatIfRequest,
  SHOW_NODE_ALLOCATION_COMMAND,
  type AllocationTarget,
  type AllocationTargetItem,
} from '../../protocol/messages';
import { explorerHtml } from './explorerHtml';
import {
  EXPLORER_VIEW_TYPE,
  type ExplorerState,
  type FromWebview,
  type ToWebview,
  type ViewInputs,
} from './explorerMessages';

const sameTarget = (a: AllocationTarget | undefined, b: AllocationTarget | undefined): boolean =>
  !!a && !!b && a.uri === b.uri && a.node === b.node && a.instanceType === b.instanceType;

function isTarget(t: unknown): t is AllocationTarget {
  const o = t as Partial<AllocationTarget> | null;
  return (
    typeof o === 'object' && o !== null && typeof o.uri === 'string' && typeof o.instanceType === 'string'
  );
}

class AllocationPanel {
  /** Bumped when the panel is pointed at another target: replies for the old one are dropped. */
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly client: LanguageClient,
    extensionUri: vscode.Uri,
    private target: AllocationTarget | undefined,
    private readonly onDispose: () => void,
  ) {
    const out = vscode.Uri.joinPath(extensionUri, 'client', 'out');
    panel.webview.options = { enableScripts: true, localResourceRoots: [out] };
    panel.webview.html = explorerHtml({
      cspSource: panel.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(out, 'webview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(out, 'webview.css')).toString(),
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: FromWebview) => void this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private post(m: ToWebview): void {
    void this.panel.webview.postMessage(m);
  }

  /** Points the panel at `target` (the webview's inputs start over) and shows it. */
  show(target: AllocationTarget): void {
    this.target = target;
    this.generation++;
    this.panel.reveal(undefined, false);
    void this.render(0, {}, true);
  }

  private async render(seq: number, inputs: ViewInputs, reset: boolean): Promise<void> {
    const target = this.target;
    if (!target) {
      this.post({ type: 'error', seq, message: 'No node to show: run "VPC CNI: Show Node Allocation".' });
      return;
    }
    const generation = this.generation;
    try {
      const result = await this.client.sendRequest(AllocationViewRequest.type, { target, ...inputs });
      if (generation !== this.generation) return;
      if (!result) {
        this.post({
          type: 'error',
          seq,
          message: `The node or instance type ${target.instanceType} is no longer in ${vscode.workspace.asRelativePath(vscode.Uri.parse(target.uri))}.`,
        });
        return;
      }
      this.panel.title = `Allocation: ${result.target.label}`;
      this.post({ type: 'view', seq, reset, target, result });
    } catch (e) {
      if (generation === this.generation)
        this.post({ type: 'error', seq, message: `The view could not be rendered: ${(e as Error).message}` });
    }
  }

  private async onMessage(m: FromWebview): Promise<void> {
    if (m.type === 'ready') {
      // A fresh script (first load, shown again, or restored): carry on with its saved inputs if they
      // belong to this target.
      const s = m.state;
      if (!this.target && isTarget(s?.target)) this.target = s.target;
      const keep = sameTarget(s?.target, this.target);
      await this.render(0, keep && s ? { pods: s.pods, burst: s.burst, whatIf: s.whatIf } : {}, !keep);
    } else if (m.type === 'request') {
      await this.render(m.seq, m.inputs, false);
    } else if (m.type === 'apply') {
      await this.apply(m.whatIf);
    } else if (m.type === 'open') {
      await vscode.window.showTextDocument(vscode.Uri.parse(m.uri), {
        viewColumn: vscode.ViewColumn.One,
        preview: false,
      });
    }
  }

  private async apply(whatIf: Record<string, string>): Promise<void> {
    const target = this.target;
    if (!target) return;
    try {
      const r = await this.client.sendRequest(ApplyWhatIfRequest.type, { target, whatIf });
      if (!r.edit) {
        this.post({ type: 'applied', ok: false, message: `Not applied: ${r.reason ?? 'no edit'}.` });
        return;
      }
      const edit = await this.client.protocol2CodeConverter.asWorkspaceEdit(r.edit);
      const uris = edit.entries().map(([uri]) => uri);
      const ok = await vscode.workspace.applyEdit(edit);
      const where = uris.map((u) => vscode.workspace.asRelativePath(u)).join(', ');
      this.post({
        type: 'applied',
        ok,
        message: ok
          ? `Wrote ${Object.entries(whatIf)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')} into ${where} (not saved yet).`
          : `VS Code did not apply the edit to ${where}.`,
        ...(ok && uris[0] ? { uri: uris[0].toString() } : {}),
      });
    } catch (e) {
      this.post({ type: 'applied', ok: false, message: `Not applied: ${(e as Error).message}` });
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.onDispose();
  }
}

/** Registers the command and the panel serializer; `ready` settles once the client runs. */
export function registerExplorer(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  ready: Promise<void>,
): void {
  let current: AllocationPanel | undefined;
  const adopt = (panel: vscode.WebviewPanel, target: AllocationTarget | undefined): AllocationPanel => {
    const p = new AllocationPanel(panel, client, context.extensionUri, target, () => {
      if (current === p) current = undefined;
    });
    current = p;
    return p;
  };

  const open = (target: AllocationTarget): void => {
    if (current) current.show(target);
    else
      adopt(
        vscode.window.createWebviewPanel(EXPLORER_VIEW_TYPE, `Allocation: ${target.instanceType}`, {
          viewColumn: vscode.ViewColumn.Beside,
          preserveFocus: false,
        }),
        target,
      );
  };

  const pick = async (): Promise<AllocationTarget | undefined> => {
    await ready;
    const editor = vscode.window.activeTextEditor;
    const r = await client.sendRequest(
      AllocationTargetsRequest.type,
      editor
        ? {
            textDocument: { uri: editor.document.uri.toString() },
            position: client.code2ProtocolConverter.asPosition(editor.selection.active),
          }
        : {},
    );
    if (r.at) return r.at;
    if (r.targets.length === 1) return r.targets[0];
    if (!r.targets.length) {
      void vscode.window.showInformationMessage(
        'VPC CNI Lint found no node definitions or instance types in this workspace.',
      );
      return undefined;
    }
    type Item = vscode.QuickPickItem & { target: AllocationTargetItem };
    const items: Item[] = r.targets.map((t) => ({ label: t.label, description: t.description, target: t }));
    const chosen = await vscode.window.showQuickPick(items, {
      title: 'Show Node Allocation',
      placeHolder: 'Node and instance type',
      matchOnDescription: true,
    });
    return chosen?.target;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_NODE_ALLOCATION_COMMAND, async (arg?: unknown) => {
      const target = isTarget(arg) ? arg : await pick();
      if (target) open(target);
    }),
    vscode.window.registerWebviewPanelSerializer(EXPLORER_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        await ready;
        const s = state as ExplorerState | undefined;
        if (current) {
          // Only one panel: a second restored one closes.
          panel.dispose();
          return;
        }
        adopt(panel, isTarget(s?.target) ? s.target : undefined);
      },
    }),
    { dispose: () => current?.panel.dispose() },
  );
}
